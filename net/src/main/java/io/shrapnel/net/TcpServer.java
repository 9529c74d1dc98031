package io.shrapnel.net;

import io.shrapnel.kernel.ClosedError;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One listening address served by several loops, each connection in a coro of its own on one of
 * them.
 *
 * <pre>{@code
 * List<Scheduler> loops = Scheduler.startLoops("net", Runtime.getRuntime().availableProcessors());
 * TcpServer server = TcpServer.start(new InetSocketAddress(9000), loops, conn -> {
 *     try (conn) { ... }
 * });
 * }</pre>
 *
 * <p>Two ways to spread connections ({@link Spread}): {@link Spread#REUSE_PORT} (the default) gives
 * every loop its own listening socket on the same port and lets the kernel pick one per connection;
 * {@link Spread#HAND_OFF} has one acceptor on the first loop deal connections round-robin. See
 * benchmarks/RESULTS.md for why the default is what it is.
 *
 * <p>Threading: {@link #start} and {@link #close} from any thread; sessions run on the loops.
 */
public final class TcpServer implements AutoCloseable {
    /** How connections reach the loops. */
    public enum Spread {
        /** A listener per loop with SO_REUSEPORT: the kernel spreads connections by their addresses. */
        REUSE_PORT,
        /** One listener and acceptor on the first loop, dealing connections round-robin. */
        HAND_OFF
    }

    /** When a connection's session coro is spawned. */
    public enum SessionStart {
        /** At accept: for protocols where the server speaks first (an SMTP or FTP greeting). */
        AT_ACCEPT,
        /**
         * When the client's first bytes (or its close, or an error) arrive: until then the
         * connection holds no coro and no stack, only its socket and registration (about a third
         * of the heap of a coro parked in {@code recv}; see benchmarks/RESULTS.md). For protocols
         * where the client speaks first (HTTP, RPC, echo). A client that never speaks holds its
         * connection until it closes, as a session parked in {@code recv} without a timeout would;
         * such connections are not in {@code whereAll} (no coro), but are counted in
         * {@link #connectionsPerLoop()} and {@code SockStats}.
         */
        ON_FIRST_BYTES
    }

    /** What to do with one connection; runs in its own coro, which should close it. */
    @FunctionalInterface
    public interface Session {
        void serve(TcpSock conn) throws Exception;
    }

    private final InetSocketAddress address;
    private final List<TcpSock> listeners;
    private final List<Coro> acceptors;
    private final List<Scheduler> loops;
    private final AtomicLongArray perLoop;

    private TcpServer(InetSocketAddress address, List<TcpSock> listeners, List<Coro> acceptors,
                      List<Scheduler> loops, AtomicLongArray perLoop) {
        this.address = address;
        this.listeners = listeners;
        this.acceptors = acceptors;
        this.loops = loops;
        this.perLoop = perLoop;
    }

    /** Serves {@code address} on {@code loops}, spreading connections with SO_REUSEPORT, backlog {@link #defaultBacklog()}. */
    public static TcpServer start(InetSocketAddress address, List<Scheduler> loops, Session session) throws IOException {
        return start(address, loops, Spread.REUSE_PORT, defaultBacklog(), session);
    }

    /**
     * A listen backlog that fits a busy server: the kernel's ceiling ({@code
     * /proc/sys/net/core/somaxconn} on Linux, 4096 since 5.4), at most 1024, or 1024 where it cannot
     * be read. A backlog of 50 made about 1% of 10,000 quick connects wait for a SYN retry (a second
     * or more). Why not somaxconn itself: with 4096 the HTTP server left about 10 of a burst of 64
     * connections waiting (until its 10 s first-request deadline) for request bytes the client had
     * sent, on this machine (JDK 25.0.3, Linux, a loaded 2-core VM); with 1024 none. Not understood
     * yet, so the known-good value stays the ceiling.
     */
    public static int defaultBacklog() {
        return Math.min(SOMAXCONN, MAX_DEFAULT_BACKLOG);
    }

    private static final int MAX_DEFAULT_BACKLOG = 1024;
    private static final int SOMAXCONN = readSomaxconn();

    /**
     * Reads the sysctl in one read of a whole buffer: a sysctl file answers only a read at offset 0,
     * and {@code Files.readString} (JDK 25 on Linux 6.18) first reads one byte, then gets end of file
     * at offset 1 — "4" for 4096, a backlog of 4 that dropped connections of a burst of 100.
     */
    static int readSomaxconn() {
        return parseSysctl("/proc/sys/net/core/somaxconn", MAX_DEFAULT_BACKLOG);
    }

    static int parseSysctl(String path, int otherwise) {
        try (java.io.FileInputStream in = new java.io.FileInputStream(path)) {
            byte[] buf = new byte[64];
            int len = in.read(buf);
            int n = len > 0 ? Integer.parseInt(new String(buf, 0, len, java.nio.charset.StandardCharsets.US_ASCII).strip()) : 0;
            return n > 0 ? n : otherwise;
        } catch (IOException | RuntimeException e) {
            return otherwise;
        }
    }

    /**
     * Serves {@code address} on {@code loops}. Listeners are bound before this returns, so a clash
     * (address in use) is thrown here; port 0 picks one port for all of them ({@link #address()}).
     */
    public static TcpServer start(InetSocketAddress address, List<Scheduler> loops, Spread spread, int backlog,
                                  Session session) throws IOException {
        return start(address, loops, spread, backlog, SessionStart.AT_ACCEPT, session);
    }

    /**
     * Serves {@code address} on {@code loops}, each connection's session spawned as {@code start}
     * says. Listeners are bound before this returns.
     */
    public static TcpServer start(InetSocketAddress address, List<Scheduler> loops, Spread spread, int backlog,
                                  SessionStart start, Session session) throws IOException {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(start, "start");
        if (loops.isEmpty()) {
            throw new IllegalArgumentException("TcpServer needs at least one loop: Scheduler.startLoops(name, n)");
        }
        int listenerCount = spread == Spread.REUSE_PORT ? loops.size() : 1;
        List<TcpSock> listeners = new ArrayList<>(listenerCount);
        InetSocketAddress bound = address;
        try {
            for (int i = 0; i < listenerCount; i++) {
                TcpSock l = TcpSock.create();
                listeners.add(l);
                if (spread == Spread.REUSE_PORT) {
                    l.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                }
                l.bind(bound);
                l.listen(backlog);
                bound = (InetSocketAddress) l.localAddress(); // the others join the port the first got
            }
        } catch (IOException | RuntimeException e) {
            for (TcpSock l : listeners) {
                l.close();
            }
            throw e;
        }
        AtomicLongArray perLoop = new AtomicLongArray(loops.size());
        List<Coro> acceptors = new ArrayList<>(listenerCount);
        for (int i = 0; i < listenerCount; i++) {
            TcpSock l = listeners.get(i);
            Scheduler home = loops.get(i);
            int index = i;
            acceptors.add(Coro.spawnOn(home, "acceptor " + bound + " on " + home.name(), () -> {
                if (spread == Spread.REUSE_PORT) {
                    acceptLocally(l, home, index, perLoop, start, session);
                } else {
                    dealRoundRobin(l, loops, perLoop, start, session);
                }
            }));
        }
        return new TcpServer(bound, listeners, acceptors, List.copyOf(loops), perLoop);
    }

    private static void acceptLocally(TcpSock listener, Scheduler home, int loop, AtomicLongArray perLoop,
                                      SessionStart start, Session session) throws IOException {
        try {
            while (true) {
                for (TcpSock c : listener.acceptMany(64)) {
                    perLoop.incrementAndGet(loop);
                    startSession(home, c, start, session);
                }
            }
        } catch (ClosedError stopped) {
            // close() closed the listener
        }
    }

    private static void dealRoundRobin(TcpSock listener, List<Scheduler> loops, AtomicLongArray perLoop,
                                       SessionStart start, Session session) throws IOException {
        int next = 0;
        try {
            while (true) {
                for (TcpSock c : listener.acceptMany(64)) {
                    int i = next;
                    next = (next + 1) % loops.size();
                    perLoop.incrementAndGet(i);
                    // The accepted socket has never waited, so it registers with the loop its session runs on.
                    startSession(loops.get(i), c, start, session);
                }
            }
        } catch (ClosedError stopped) {
            // close() closed the listener
        }
    }

    /** Spawns the session of {@code c} on {@code loop} now, or when its first bytes arrive. Any thread. */
    private static void startSession(Scheduler loop, TcpSock c, SessionStart start, Session session) {
        if (start == SessionStart.AT_ACCEPT) {
            Coro.spawnOn(loop, null, () -> run(session, c));
        } else {
            loop.execute(() -> {
                try {
                    c.whenReadable(loop, () -> Coro.spawnOn(loop, null, () -> run(session, c)));
                } catch (ClosedError closedMeanwhile) {
                    // nothing to serve
                }
            });
        }
    }

    /** Runs a session; a session that fails closes its connection (and the loop reports the error). */
    private static void run(Session session, TcpSock c) throws Exception {
        try {
            session.serve(c);
        } catch (Exception | Error e) {
            c.close();
            throw e;
        }
    }

    /** The address being served (with the port picked, if 0 was asked for). */
    public InetSocketAddress address() {
        return address;
    }

    /** Connections handed to each loop so far, in the order of the loops given to {@link #start}. */
    public long[] connectionsPerLoop() {
        long[] out = new long[perLoop.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = perLoop.get(i);
        }
        return out;
    }

    /**
     * Stops accepting (sessions carry on). Any thread: each listener is closed on its own loop, so
     * its acceptor is woken whether or not it has started waiting yet.
     */
    @Override
    public void close() {
        for (int i = 0; i < listeners.size(); i++) {
            TcpSock l = listeners.get(i);
            loops.get(i).execute(() -> {
                try {
                    l.close();
                } catch (IOException e) {
                    Coro.printStderr("closing " + l + " failed: " + e);
                }
            });
        }
    }

    /** Waits for the acceptors to end after {@link #close()} (from a coro). */
    public void join() {
        for (Coro a : acceptors) {
            a.join();
        }
    }
}
