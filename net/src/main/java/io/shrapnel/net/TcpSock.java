package io.shrapnel.net;

import io.shrapnel.net.internal.SockCounters;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * A TCP socket for coros, IPv4 or IPv6 (the family follows the address it is bound or connected to).
 *
 * <pre>{@code
 * TcpSock s = TcpSock.create();
 * s.bind(new InetSocketAddress(9000));
 * s.listen(50);
 * while (true) {
 *     TcpSock c = s.accept();
 *     Coro.spawn(() -> session(c));
 * }
 * }</pre>
 *
 * <p>Threading: see {@link Sock}.
 */
public final class TcpSock extends StreamSock<TcpSock> {
    private TcpSock() {}

    private TcpSock(SocketChannel accepted) {
        super(accepted);
    }

    /** A fresh socket: {@link #connect} it, or {@link #bind} and {@link #listen}. */
    public static TcpSock create() {
        return new TcpSock();
    }

    /**
     * Connects to {@code host} (an IP literal, or a name the {@link Resolver#current() resolver}
     * knows). Its addresses are tried in the resolver's order, happy-eyeballs style: if one has not
     * connected within 250 ms, the next is tried beside it, and the first to connect wins. If all
     * fail, the {@link java.net.ConnectException} names every address and its error.
     */
    public void connect(String host, int port) throws IOException {
        List<InetAddress> addresses = Resolver.current().resolve(host);
        if (addresses.isEmpty()) {
            throw new java.net.UnknownHostException(host + ": the resolver returned no address");
        }
        if (addresses.size() == 1) {
            connect(new InetSocketAddress(addresses.getFirst(), port));
            return;
        }
        List<InetSocketAddress> targets = new java.util.ArrayList<>(addresses.size());
        for (InetAddress a : addresses) {
            targets.add(new InetSocketAddress(a, port));
        }
        connectFirst(host, targets);
    }

    public void connect(InetAddress address, int port) throws IOException {
        connect(new InetSocketAddress(address, port));
    }

    /**
     * Connects to {@code address}. An unresolved {@link InetSocketAddress} is resolved by the
     * {@link Resolver#current() resolver}, never by a blocking lookup on the loop.
     */
    @Override
    public void connect(SocketAddress address) throws IOException {
        if (address instanceof InetSocketAddress a && a.isUnresolved()) {
            connect(a.getHostString(), a.getPort());
            return;
        }
        super.connect(address);
    }

    /** Binds to {@code port} on every local address (IPv4). */
    public void bind(int port) throws IOException {
        bind(new InetSocketAddress(port));
    }

    @Override
    TcpSock wrap(SocketChannel accepted) {
        return new TcpSock(accepted);
    }

    @Override
    ProtocolFamily familyOf(SocketAddress address) {
        if (!(address instanceof InetSocketAddress a)) {
            throw new IllegalArgumentException("a TcpSock needs an InetSocketAddress, not " + address
                    + (address instanceof java.net.UnixDomainSocketAddress ? "; use a UnixSock for paths" : ""));
        }
        if (a.isUnresolved()) {
            throw new IllegalArgumentException(a + " is unresolved; pass an IP address (InetAddress.ofLiteral) "
                    + "or use connect(host, port), which asks the Resolver");
        }
        return a.getAddress() instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    @Override
    ProtocolFamily defaultFamily() {
        return StandardProtocolFamily.INET;
    }

    @Override
    String kind() {
        return "TcpSock";
    }

    private static final SockCounters COUNTERS = new SockCounters("TcpSock");

    @Override
    SockCounters counters() {
        return COUNTERS;
    }

    /** Counters of every TcpSock of the process (open, accepted, bytes in and out). Any thread. */
    public static SockStats stats() {
        return COUNTERS.snapshot();
    }
}
