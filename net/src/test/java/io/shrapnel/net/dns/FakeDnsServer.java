package io.shrapnel.net.dns;

import io.shrapnel.kernel.testing.LoopbackPorts;
import io.shrapnel.kernel.ClosedError;
import io.shrapnel.kernel.Coro;
import io.shrapnel.net.Datagram;
import io.shrapnel.net.UdpSock;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A DNS server in a coro on 127.0.0.1, for the cases a real one will not produce: hostile, late,
 * forged or missing answers. Its handler sees each query and returns the datagrams to send back.
 *
 * <p>Threading: confined to the test's loop.
 */
final class FakeDnsServer implements AutoCloseable {
    @FunctionalInterface
    interface Handler {
        /** Datagrams to send back to {@code from} for {@code query} (none: stay silent). */
        List<byte[]> answer(DnsMessage query, InetSocketAddress from) throws Exception;
    }

    private final UdpSock sock;
    private final Coro coro;
    final List<DnsMessage> queries = new ArrayList<>();
    final List<InetSocketAddress> senders = new ArrayList<>();

    private FakeDnsServer(UdpSock sock, Handler handler) {
        this.sock = sock;
        this.coro = Coro.spawn("fake-dns", () -> serve(handler));
    }

    /** Starts on 127.0.0.1, a free port below 32768 ({@link LoopbackPorts}). Call from a coro. */
    static FakeDnsServer start(Handler handler) throws IOException {
        return LoopbackPorts.bind(port -> start(port, handler));
    }

    /** Starts on 127.0.0.1:{@code port}. */
    static FakeDnsServer start(int port, Handler handler) throws IOException {
        return new FakeDnsServer(UdpSock.bound(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), port)),
                handler);
    }

    /** A server that reads queries and never answers. */
    static FakeDnsServer silent() throws IOException {
        return start((q, from) -> List.of());
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) sock.localAddress();
    }

    private void serve(Handler handler) throws Exception {
        try {
            while (true) {
                Datagram d = sock.recvFrom(65535);
                DnsMessage q = DnsMessage.decode(d.data());
                queries.add(q);
                senders.add((InetSocketAddress) d.sender());
                for (byte[] out : handler.answer(q, (InetSocketAddress) d.sender())) {
                    sock.sendTo(out, d.sender());
                }
            }
        } catch (ClosedError closed) {
            // the test is done with it
        }
    }

    @Override
    public void close() throws IOException {
        sock.close();
        coro.join();
    }

    // ---- building answers ----

    static byte[] reply(DnsMessage q, Rcode rcode, ResourceRecord... answers) {
        return response(q, rcode, List.of(answers), List.of(), List.of()).encode();
    }

    static DnsMessage response(DnsMessage q, Rcode rcode, List<ResourceRecord> answers,
                               List<ResourceRecord> authorities, List<ResourceRecord> additionals) {
        return new DnsMessage(q.header().asResponse(rcode.code()), q.questions(), answers, authorities, additionals,
                null);
    }

    static ResourceRecord a(String name, String ip, long ttl) {
        return new ResourceRecord(DnsName.of(name), ttl, new RData.A((Inet4Address) InetAddress.ofLiteral(ip)));
    }

    static ResourceRecord cname(String name, String target, long ttl) {
        return new ResourceRecord(DnsName.of(name), ttl, new RData.Cname(DnsName.of(target)));
    }

    static ResourceRecord soa(String zone, long ttl, long minimum) {
        return new ResourceRecord(DnsName.of(zone), ttl, new RData.Soa(DnsName.of("ns." + zone),
                DnsName.of("admin." + zone), 1, 3600, 600, 86400, minimum));
    }

    /** Raw bytes given in hex, with the query's id written over the first two bytes. */
    static byte[] raw(DnsMessage q, String hex) {
        byte[] b = HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
        b[0] = (byte) (q.header().id() >> 8);
        b[1] = (byte) q.header().id();
        return b;
    }

    /** The question of {@code q} answered for another name. */
    static Question other(String name, DnsMessage q) {
        return new Question(DnsName.of(name), q.question().type());
    }
}
