package io.shrapnel.benchmarks.net;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One echo server per process, for {@link EchoBench} and {@link IdleConnectionMemory}:
 * {@code EchoServers <kind> <port>}. It prints {@code listening <port>} when ready, and answers a
 * line {@code stat} on stdin with {@code stat heap=<bytes after GC> rss=<kB> conns=<accepted>}.
 *
 * <p>Kinds: {@code shrapnel} (one loop), {@code shrapnel-lease} (one loop, array-free reads), {@code shrapnel-reuseport} and {@code shrapnel-handoff}, {@code shrapnel-first-bytes} (one loop, sessions spawned at the client's first bytes)
 * (two loops through {@code TcpServer}), {@code netty-nio}, {@code netty-epoll} (one event loop),
 * {@code vthreads} (JDK virtual threads on blocking sockets), {@code nio} (a hand-written
 * single-thread selector loop: the floor); HTTP servers that answer "ok" ({@link HttpIdleServers}):
 * {@code http-shrapnel}, {@code http-netty-nio}, {@code http-netty-epoll}.
 *
 * <p>Threading: the server runs on its own threads; a platform thread reads stdin.
 */
public final class EchoServers {
    /** Connections accepted so far (every kind counts into it). */
    static final AtomicLong CONNECTIONS = new AtomicLong();

    private EchoServers() {}

    /** A running echo server. */
    interface Server {
        int port();

        /** Connections accepted so far (a server whose sessions start late counts them itself). */
        default long accepted() {
            return CONNECTIONS.get();
        }
    }

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        int port = Integer.parseInt(args[1]);
        Server s = switch (kind) {
            case "shrapnel" -> ShrapnelEcho.start(port, 1, null);
            case "shrapnel-lease" -> ShrapnelEcho.start(port, 1, null, ShrapnelEcho.Read.LEASE);
            case "shrapnel-reuseport" -> ShrapnelEcho.start(port, 2, io.shrapnel.net.TcpServer.Spread.REUSE_PORT);
            case "shrapnel-handoff" -> ShrapnelEcho.start(port, 2, io.shrapnel.net.TcpServer.Spread.HAND_OFF);
            case "shrapnel-first-bytes" -> ShrapnelEcho.start(port, 1, io.shrapnel.net.TcpServer.Spread.REUSE_PORT,
                    ShrapnelEcho.Read.ARRAY, io.shrapnel.net.TcpServer.SessionStart.ON_FIRST_BYTES);
            case "http-shrapnel" -> HttpIdleServers.shrapnel(port);
            case "http-netty-nio" -> HttpIdleServers.netty(port, false);
            case "http-netty-epoll" -> HttpIdleServers.netty(port, true);
            case "netty-nio" -> NettyEcho.start(port, false);
            case "netty-epoll" -> NettyEcho.start(port, true);
            case "vthreads" -> VirtualThreadEcho.start(port);
            case "nio" -> NioFloorEcho.start(port);
            default -> throw new IllegalArgumentException("unknown server kind " + kind);
        };
        System.out.println("listening " + s.port());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("stat")) {
                System.gc();
                System.gc();
                long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                System.out.println("stat heap=" + heap + " rss=" + rssKb() + " conns=" + s.accepted());
                System.out.flush();
            }
        }
        System.exit(0);
    }

    static long rssKb() throws java.io.IOException {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
