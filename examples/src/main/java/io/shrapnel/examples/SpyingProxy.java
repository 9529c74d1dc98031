package io.shrapnel.examples;

import io.shrapnel.kernel.Coro;
import io.shrapnel.net.Direction;
import io.shrapnel.net.TcpServer;
import io.shrapnel.net.TcpSock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The tutorial's spying proxy: listens on the target's port plus 9000, connects each client to the
 * target, and prints what goes each way ({@code ==>} client to server, {@code <==} back).
 * {@code bin/demo proxy <host> <port> [listen-port]}, e.g. {@code bin/demo proxy 127.0.0.1 80}
 * listens on 9080.
 */
public final class SpyingProxy {
    private SpyingProxy() {}

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: proxy <host> <port> [listen-port (default port + 9000)]");
            System.exit(2);
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int listenPort = args.length > 2 ? Integer.parseInt(args[2]) : port + 9000;
        Coro.spawnCritical("proxy", () -> serve(host, port, listenPort));
        Coro.eventLoop();
    }

    static void serve(String host, int port, int listenPort) throws IOException {
        TcpSock s = TcpSock.create();
        s.bind(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), listenPort));
        s.listen(TcpServer.defaultBacklog());
        System.out.println("proxy listening on " + s.localAddress() + ", forwarding to " + host + ":" + port);
        int sessions = 0;
        while (true) {
            TcpSock client = s.accept();
            int id = sessions++;
            Coro.spawn("session-" + id, () -> session(id, client, host, port));
        }
    }

    static void session(int id, TcpSock client, String host, int port) throws Exception {
        try (client; TcpSock server = TcpSock.create()) {
            server.connect(host, port);
            Coro back = Coro.spawn("session-" + id + "-back", () -> feed(id, server, client, "<=="));
            feed(id, client, server, "==>");
            back.join();
        }
    }

    /**
     * Copies {@code from} to {@code to}, printing each block, and passes the end of stream on. If
     * either side fails (a reset), closes both, which ends the other direction too.
     */
    static void feed(int id, TcpSock from, TcpSock to, String direction) throws IOException {
        try {
            byte[] block;
            while ((block = from.recv(1024)).length > 0) {
                to.sendAll(block);
                System.out.println(direction + " " + id + " " + quoted(block));
            }
            to.shutdown(Direction.WRITE);
        } catch (IOException e) {
            if (!from.isClosed() && !to.isClosed()) {
                System.out.println(direction + " " + id + " ended: " + e);
            }
            from.close();
            to.close();
        }
    }

    /** The bytes as a quoted string with non-printing bytes escaped (as Python's repr did). */
    static String quoted(byte[] block) {
        StringBuilder b = new StringBuilder("'");
        for (byte x : block) {
            int c = x & 0xff;
            switch (c) {
                case '\r' -> b.append("\\r");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\\', '\'' -> b.append('\\').append((char) c);
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        b.append((char) c);
                    } else {
                        b.append(String.format("\\x%02x", c));
                    }
                }
            }
        }
        return b.append('\'').toString();
    }
}
