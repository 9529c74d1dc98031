package io.shrapnel.benchmarks.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The plain-virtual-thread echo server: JDK blocking sockets, a virtual thread per connection, on
 * the JDK's own scheduler (run with {@code -Djdk.virtualThreadScheduler.parallelism=1} for one
 * carrier, like the other servers' one loop).
 *
 * <p>Threading: a virtual thread per connection, one accepting.
 */
final class VirtualThreadEcho {
    private VirtualThreadEcho() {}

    static EchoServers.Server start(int port) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), port), 1024);
        Thread.ofVirtual().name("acceptor").start(() -> {
            try {
                while (true) {
                    Socket c = server.accept();
                    EchoServers.CONNECTIONS.incrementAndGet();
                    Thread.ofVirtual().start(() -> session(c));
                }
            } catch (IOException e) {
                System.err.println("accept failed: " + e);
            }
        });
        int p = server.getLocalPort();
        return () -> p;
    }

    private static void session(Socket c) {
        try (c) {
            c.setTcpNoDelay(true);
            InputStream in = c.getInputStream();
            OutputStream out = c.getOutputStream();
            byte[] buf = null; // made on the first byte: an idle connection holds no buffer
            int first = in.read();
            if (first < 0) {
                return;
            }
            out.write(first);
            buf = new byte[16384];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
        } catch (IOException peerWentAway) {
            // a reset at the end of a run
        }
    }
}
