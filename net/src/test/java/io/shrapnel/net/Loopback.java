package io.shrapnel.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Loopback sockets for tests: listeners on an ephemeral port of 127.0.0.1 or ::1. */
final class Loopback {
    static final InetAddress V4 = InetAddress.ofLiteral("127.0.0.1");
    static final InetAddress V6 = InetAddress.ofLiteral("::1");

    private Loopback() {}

    static TcpSock listener() throws IOException {
        return listener(V4, 50);
    }

    static TcpSock listener(InetAddress on, int backlog) throws IOException {
        TcpSock s = TcpSock.create();
        s.bind(new InetSocketAddress(on, 0));
        s.listen(backlog);
        return s;
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
