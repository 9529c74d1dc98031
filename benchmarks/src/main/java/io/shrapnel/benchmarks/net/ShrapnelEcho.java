package io.shrapnel.benchmarks.net;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.net.BufferLease;
import io.shrapnel.net.TcpServer;
import io.shrapnel.net.TcpSock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.util.List;

/**
 * The Shrapnel echo server as a user writes it: a coro per connection, {@code recv} then
 * {@code sendAll}. One loop, or several through {@link TcpServer}.
 *
 * <p>Threading: everything on the server's loops.
 */
final class ShrapnelEcho {
    private ShrapnelEcho() {}

    /** How a session reads: the tutorial's {@code recv} (a new array each time) or a pooled lease. */
    enum Read { ARRAY, LEASE }

    static EchoServers.Server start(int port, int loops, TcpServer.Spread spread) throws IOException {
        return start(port, loops, spread, Read.ARRAY);
    }

    static EchoServers.Server start(int port, int loops, TcpServer.Spread spread, Read read) throws IOException {
        return start(port, loops, spread, read, TcpServer.SessionStart.AT_ACCEPT);
    }

    /** {@code start}: when each session's coro is spawned (with a {@code spread} only: TcpServer's option). */
    static EchoServers.Server start(int port, int loops, TcpServer.Spread spread, Read read,
                                    TcpServer.SessionStart start) throws IOException {
        SessionBody body = read == Read.LEASE ? ShrapnelEcho::leaseSession : ShrapnelEcho::session;
        InetSocketAddress at = new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), port);
        if (spread != null) {
            List<Scheduler> ls = Scheduler.startLoops("echo", loops);
            TcpServer server = TcpServer.start(at, ls, spread, 1024, start, body::serve);
            return new EchoServers.Server() {
                @Override
                public int port() {
                    return server.address().getPort();
                }

                @Override
                public long accepted() { // counted at accept: with ON_FIRST_BYTES an idle connection has no session yet
                    return java.util.Arrays.stream(server.connectionsPerLoop()).sum();
                }
            };
        }
        Scheduler loop = Scheduler.create("echo");
        TcpSock listener = TcpSock.create();
        listener.setOption(StandardSocketOptions.TCP_NODELAY, true);
        listener.bind(at);
        listener.listen(1024);
        loop.spawn("acceptor", () -> {
            while (true) {
                for (TcpSock c : listener.acceptMany(64)) {
                    Coro.spawn(() -> body.serve(c));
                }
            }
        });
        loop.start();
        int p = ((InetSocketAddress) listener.localAddress()).getPort();
        return () -> p;
    }

    /**
     * The tutorial's session: {@code recv} (which reads into the loop's scratch buffer and returns
     * exactly what came) and {@code sendAll}. No buffer per connection, so idle connections hold
     * none and connection churn allocates no direct memory (a direct buffer per connection is
     * freed only by GC, and under churn the JDK's direct-memory limit then forces System.gc()).
     * Up to 64 KB per read, as the floor and Netty read: with 16 KB, 4 KB messages 16 deep took
     * four times the reads and writes of the peers (strace: 0.26 reads per message against 0.07).
     */
    @FunctionalInterface
    interface SessionBody {
        void serve(TcpSock c) throws IOException;
    }

    /**
     * The array-free session: each read lands in a direct buffer lent by the loop's pool and goes out
     * from it as it is ({@code recvLease}, then {@code sendAll} of the direct buffer): no array zeroed
     * or copied, no scratch copy on the way out.
     */
    static void leaseSession(TcpSock c) throws IOException {
        EchoServers.CONNECTIONS.incrementAndGet();
        c.setOption(StandardSocketOptions.TCP_NODELAY, true);
        try (c) {
            while (true) {
                try (BufferLease in = c.recvLease(65536)) {
                    if (in.isEndOfStream()) {
                        return;
                    }
                    c.sendAll(in.buffer());
                }
            }
        } catch (IOException peerWentAway) {
            // a reset at the end of a run
        }
    }

    static void session(TcpSock c) throws IOException {
        EchoServers.CONNECTIONS.incrementAndGet();
        c.setOption(StandardSocketOptions.TCP_NODELAY, true);
        try (c) {
            byte[] block;
            while ((block = c.recv(65536)).length > 0) {
                c.sendAll(block);
            }
        } catch (IOException peerWentAway) {
            // a reset at the end of a run
        }
    }
}
