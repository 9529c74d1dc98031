package io.shrapnel.examples;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.TimeoutError;
import io.shrapnel.net.TcpServer;
import io.shrapnel.net.TcpSock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The tutorial's echo server with manners: a client that says nothing for 10 seconds is told so and
 * disconnected, and a client that types {@code quit} ends the event loop (and the program).
 * {@code bin/demo echo-idle [port] [idle-seconds] [address]} (default 9000, 10, 127.0.0.1).
 */
public final class IdleEchoServer {
    private IdleEchoServer() {}

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9000;
        Duration idle = Duration.ofMillis((long) (1000 * Double.parseDouble(args.length > 1 ? args[1] : "10")));
        InetAddress on = InetAddress.ofLiteral(args.length > 2 ? args[2] : "127.0.0.1");
        Coro.spawnCritical("server", () -> serve(new InetSocketAddress(on, port), idle)); // no port, no program: exit 70
        int code = Coro.eventLoop();
        System.out.println("quit: event loop exited with " + code);
        if (code != 0) {
            System.exit(code);
        }
    }

    static void serve(InetSocketAddress address, Duration idle) throws IOException {
        TcpSock s = TcpSock.create();
        s.bind(address);
        s.listen(TcpServer.defaultBacklog());
        System.out.println("echo server (idle timeout " + idle.toMillis() + " ms, 'quit' exits) listening on "
                + s.localAddress());
        while (true) {
            TcpSock conn = s.accept();
            Coro.spawn(() -> session(conn, idle));
        }
    }

    static void session(TcpSock conn, Duration idle) throws Exception {
        try (conn) {
            while (true) {
                byte[] block;
                try {
                    block = Coro.withTimeout(idle, () -> conn.recv(1000));
                } catch (TimeoutError e) {
                    conn.sendAll("too slow, bye\r\n".getBytes(US_ASCII));
                    System.out.println("closed " + conn.peerAddress() + " after " + idle.toMillis() + " ms idle");
                    return;
                }
                if (block.length == 0) {
                    return;
                }
                if (new String(block, US_ASCII).strip().equals("quit")) {
                    conn.sendAll("bye\r\n".getBytes(US_ASCII));
                    Coro.setExit(0);
                    return;
                }
                conn.sendAll(block);
            }
        }
    }
}
