package io.shrapnel.net.dns;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.TimeoutError;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Asks the name servers one question until one answers it: each server in turn with its own
 * timeout, then the whole list again, {@code attempts} rounds in all (resolv.conf's timeout and
 * attempts). A truncated UDP answer is asked again over TCP; a server that rejects EDNS (FORMERR)
 * is asked again without it. NOERROR and NXDOMAIN are answers; SERVFAIL, REFUSED and the like send
 * the question on to the next server, and a server that refused is not asked again.
 *
 * <p>Threading: immutable but for the rotation counter; runs in the calling coro.
 */
final class ServerSet {
    private final List<InetSocketAddress> servers;
    private final Duration timeout;
    private final int attempts;
    private final boolean rotate;
    private final AtomicInteger nextFirst = new AtomicInteger();

    ServerSet(List<InetSocketAddress> servers, Duration timeout, int attempts, boolean rotate) {
        this.servers = List.copyOf(servers);
        this.timeout = timeout;
        this.attempts = attempts;
        this.rotate = rotate;
    }

    List<InetSocketAddress> servers() {
        return servers;
    }

    /** The first answer with NOERROR or NXDOMAIN; else a {@link DnsLookupException} naming what each server did. */
    DnsMessage ask(Question question, UdpMux mux) throws DnsLookupException {
        DnsMessage query = DnsMessage.query(0, question.name(), question.type());
        int n = servers.size();
        int first = rotate ? Math.floorMod(nextFirst.getAndIncrement(), n) : 0;
        boolean[] refused = new boolean[n];
        List<String> failures = new ArrayList<>();
        int timeouts = 0;
        int refusals = 0;
        for (int round = 0; round < attempts; round++) {
            for (int k = 0; k < n; k++) {
                int i = (first + k) % n;
                if (refused[i]) {
                    continue;
                }
                InetSocketAddress server = servers.get(i);
                mux.acquireSlot();
                try {
                    DnsMessage answer = Coro.withTimeout(timeout, () -> askOne(server, query, mux));
                    Rcode rc = answer.rcode();
                    if (rc.equals(Rcode.NOERROR) || rc.equals(Rcode.NXDOMAIN)) {
                        return answer;
                    }
                    failures.add(address(server) + " " + rc);
                    if (rc.equals(Rcode.REFUSED) || rc.equals(Rcode.NOTIMP)) {
                        refused[i] = true;
                        refusals++;
                    }
                } catch (TimeoutError e) {
                    failures.add(address(server) + " timed out after " + seconds(timeout));
                    timeouts++;
                } catch (IOException e) {
                    failures.add(address(server) + " " + e.getMessage());
                } catch (Exception e) {
                    throw new IllegalStateException("unexpected failure asking " + server + " " + question, e);
                } finally {
                    mux.releaseSlot();
                }
            }
        }
        DnsLookupException.Reason reason = timeouts == failures.size() ? DnsLookupException.Reason.TIMEOUT
                : refusals + timeouts == failures.size() ? DnsLookupException.Reason.REFUSED
                : DnsLookupException.Reason.SERVER_FAILURE;
        throw new DnsLookupException(reason, question.name() + " " + question.type() + ": no server answered ("
                + String.join("; ", failures) + ")");
    }

    private static DnsMessage askOne(InetSocketAddress server, DnsMessage query, UdpMux mux)
            throws IOException {
        DnsMessage answer = mux.exchange(server, query);
        if (answer.header().truncated()) {
            mux.counters().tcpQueries++;
            return TcpExchange.exchange(server, query, mux.random());
        }
        if (answer.rcode().equals(Rcode.FORMERR) && answer.edns() == null) {
            // An old server that does not know EDNS0 (RFC 6891 §7): ask it the plain RFC 1035 way.
            DnsMessage plain = new DnsMessage(query.header(), query.questions(), List.of(), List.of(), List.of(), null);
            answer = mux.exchange(server, plain);
            if (answer.header().truncated()) {
                mux.counters().tcpQueries++;
                return TcpExchange.exchange(server, plain, mux.random());
            }
        }
        return answer;
    }

    static String address(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
