package io.shrapnel.net;

import io.shrapnel.kernel.testing.LoopbackPorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Loopback sockets for tests: listeners and UDP sockets on 127.0.0.1 or ::1, on a free port below 32768
 * from {@link LoopbackPorts} (port 0 would give an ephemeral port, in the clients' range).
 */
final class Loopback {
    static final InetAddress V4 = InetAddress.ofLiteral("127.0.0.1");
    static final InetAddress V6 = InetAddress.ofLiteral("::1");

    private Loopback() {}

    static TcpSock listener() throws IOException {
        return listener(V4, 50);
    }

    static TcpSock listener(InetAddress on, int backlog) throws IOException {
        return LoopbackPorts.bind(port -> {
            TcpSock s = TcpSock.create();
            try {
                s.bind(new InetSocketAddress(on, port));
                s.listen(backlog);
                return s;
            } catch (IOException | RuntimeException e) {
                s.close();
                throw e;
            }
        });
    }

    /** A UDP socket bound on {@code on} to a free port below 32768. Call from a coro. */
    static UdpSock udp(InetAddress on) throws IOException {
        return LoopbackPorts.bind(port -> UdpSock.bound(new InetSocketAddress(on, port)));
    }

    static InetSocketAddress address(Sock s) throws IOException {
        return (InetSocketAddress) s.localAddress();
    }

    static TcpSock connectTo(Sock listener) throws IOException {
        TcpSock c = TcpSock.create();
        c.connect(address(listener));
        return c;
    }

    /** A connected pair: [client, accepted]. Call from a coro. */
    static TcpSock[] pair(TcpSock listener) throws IOException {
        TcpSock c = connectTo(listener);
        return new TcpSock[] {c, listener.accept()};
    }
}
