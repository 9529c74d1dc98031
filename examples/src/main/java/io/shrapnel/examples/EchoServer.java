package io.shrapnel.examples;

import io.shrapnel.kernel.Coro;
import io.shrapnel.net.TcpServer;
import io.shrapnel.net.TcpSock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The tutorial's echo server: one coro accepts, one coro per connection echoes until the client
 * goes away. {@code bin/demo echo [port] [address]} (default 9000 on 127.0.0.1), then
 * {@code nc localhost 9000} or {@code telnet localhost 9000} and type.
 */
public final class EchoServer {
    private EchoServer() {}

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9000;
        InetAddress on = InetAddress.ofLiteral(args.length > 1 ? args[1] : "127.0.0.1");
        Coro.spawnCritical("server", () -> serve(new InetSocketAddress(on, port))); // no port, no program: exit 70
        int code = Coro.eventLoop();
        if (code != 0) {
            System.exit(code);
        }
    }

    static void serve(InetSocketAddress address) throws IOException {
        TcpSock s = TcpSock.create();
        s.bind(address);
        s.listen(TcpServer.defaultBacklog());
        System.out.println("echo server listening on " + s.localAddress());
        while (true) {
            TcpSock conn = s.accept();
            Coro.spawn(() -> session(conn));
        }
    }

    static void session(TcpSock conn) throws IOException {
        try (conn) {
            byte[] block;
            while ((block = conn.recv(1000)).length > 0) {
                conn.sendAll(block);
            }
        }
    }
}
