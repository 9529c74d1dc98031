package io.shrapnel.rpc.cluster;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Interrupted;
import io.shrapnel.kernel.testing.LoopbackPorts;
import io.shrapnel.net.TcpSock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP proxy coro on loopback in front of a real etcd, for tests that need a client cut off while
 * etcd goes on: {@link #hold()} closes every connection through it and makes new ones wait (they are
 * accepted, then forwarded only after {@link #release()}).
 *
 * <p>Threading: confined to the loop of the coro that started it.
 */
final class HoldingProxy implements AutoCloseable {
    private final TcpSock listener;
    private final int upstream;
    private final List<TcpSock> open = new ArrayList<>();
    private final List<Coro> coros = new ArrayList<>();
    private boolean held;
    private Coro acceptor;
    private int clients;
    private LeaseAction beforeLeasedTxn;

    /** What a test does with the lease of a transaction before etcd gets it. */
    interface LeaseAction {
        void run(long lease) throws IOException;
    }

    private HoldingProxy(TcpSock listener, int upstream) {
        this.listener = listener;
        this.upstream = upstream;
    }

    /**
     * A proxy to etcd's client port {@code upstreamPort}, listening on a loopback port below 32768 that
     * was free when it started ({@link LoopbackPorts}: two test runs on one machine never share it).
     */
    static HoldingProxy start(int upstreamPort) throws IOException {
        TcpSock l = LoopbackPorts.bind(port -> {
            TcpSock s = TcpSock.create();
            try {
                s.bind(new InetSocketAddress("127.0.0.1", port)); // BindException: the next port
                s.listen(64);
                return s;
            } catch (IOException e) {
                s.close();
                throw e;
            }
        });
        HoldingProxy p = new HoldingProxy(l, upstreamPort);
        p.acceptor = Coro.spawn("proxy-accept", p::acceptLoop);
        return p;
    }

    String endpoint() throws IOException {
        return "http://127.0.0.1:" + ((InetSocketAddress) listener.localAddress()).getPort();
    }

    private void acceptLoop() {
        try {
            while (true) {
                TcpSock c = listener.accept();
                open.add(c);
                coros.add(Coro.spawn("proxy-conn", () -> serve(c)));
            }
        } catch (IOException | Interrupted stopped) {
            // closed
        }
    }

    private void serve(TcpSock c) {
        clients++;
        try {
            while (held) {
                Coro.sleep(Duration.ofMillis(10));
            }
            TcpSock u = TcpSock.create();
            open.add(u);
            u.connect("127.0.0.1", upstream);
            coros.add(Coro.spawn("proxy-up", () -> pump(u, c, null)));
            pump(c, u, this);
        } catch (IOException | Interrupted e) {
            quietClose(c);
        } finally {
            clients--;
        }
    }

    /** Copies {@code from} to {@code to}; requests (from a client) are shown to {@code requests}' hook first. */
    private static void pump(TcpSock from, TcpSock to, HoldingProxy requests) {
        StringBuilder txn = new StringBuilder(); // the request since "/v3/kv/txn", until its lease is seen
        try {
            for (byte[] b; (b = from.recv(16384)).length > 0; ) {
                if (requests != null && requests.beforeLeasedTxn != null) {
                    requests.inspect(txn, new String(b, StandardCharsets.ISO_8859_1));
                }
                to.sendAll(b);
            }
        } catch (IOException | Interrupted e) {
            // either side closed
        }
        quietClose(from);
        quietClose(to);
    }

    private void inspect(StringBuilder txn, String bytes) throws IOException {
        int start = bytes.indexOf("/v3/kv/txn");
        if (start >= 0) {
            txn.setLength(0);
            txn.append(bytes, start, bytes.length());
        } else if (!txn.isEmpty()) {
            txn.append(bytes);
        }
        Matcher m = LEASE.matcher(txn);
        if (m.find()) {
            long lease = Long.parseLong(m.group(1));
            txn.setLength(0);
            beforeLeasedTxn.run(lease);
        }
    }

    private static final Pattern LEASE = Pattern.compile("\"lease\":\\s*\"(\\d+)\"");

    /**
     * Calls {@code action} with the lease of each transaction (a compare-and-put under a lease) that a
     * client sends through the proxy, before etcd gets it; null: none.
     */
    void beforeLeasedTxn(LeaseAction action) {
        beforeLeasedTxn = action;
    }

    /** How many client connections through the proxy are open now. */
    int clients() {
        return clients;
    }

    /** Cuts every connection through the proxy and holds new ones until {@link #release()}. */
    void hold() {
        held = true;
        for (TcpSock s : open) {
            quietClose(s);
        }
        open.clear();
    }

    void release() {
        held = false;
    }

    private static void quietClose(TcpSock s) {
        try {
            s.close();
        } catch (IOException gone) {
            // already closed
        }
    }

    @Override
    public void close() {
        quietClose(listener);
        hold();
        acceptor.raiseException(new Interrupted(), true);
        acceptor.join();
        for (Coro c : coros) {
            if (!c.isDead()) {
                c.raiseException(new Interrupted(), true);
                c.join();
            }
        }
    }
}
