package io.shrapnel.codecs.http;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.internal.WaitQueue;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps the client's connections per origin: at most {@code maxPerOrigin} open at once (a coro that
 * wants one more waits, first come first served), idle ones reused newest first and closed once they
 * have been idle too long.
 *
 * <p>Threading: confined to one loop (the client's coros all run there).
 */
final class ConnectionPool {
    /** Opens a connection to an origin. */
    @FunctionalInterface
    interface Dialer {
        ClientConnection dial(Origin origin) throws IOException;
    }

    private static final class Host {
        final ArrayDeque<ClientConnection> idle = new ArrayDeque<>();
        final WaitQueue waiters = new WaitQueue();
        int open;
    }

    private final Map<Origin, Host> hosts = new HashMap<>();
    private final int maxPerOrigin;
    private final long idleNanos;
    private boolean closed;

    ConnectionPool(int maxPerOrigin, Duration idleTimeout) {
        this.maxPerOrigin = maxPerOrigin;
        this.idleNanos = idleTimeout.toNanos();
    }

    ClientConnection acquire(Origin origin, Dialer dialer) throws IOException {
        if (closed) {
            throw new IllegalStateException("this HttpClient is closed; create a new one");
        }
        Host h = hosts.computeIfAbsent(origin, o -> new Host());
        while (true) {
            ClientConnection c;
            while ((c = h.idle.pollFirst()) != null) {
                if (Coro.now() - c.idleSince < idleNanos) {
                    return c;
                }
                c.close();
                h.open--;
            }
            if (h.open < maxPerOrigin) {
                h.open++;
                try {
                    return dialer.dial(origin);
                } catch (IOException | RuntimeException | Error e) {
                    h.open--;
                    h.waiters.wakeOne(null);
                    throw e;
                }
            }
            h.waiters.await("a connection to " + origin);
        }
    }

    /** Gives a connection back: kept if it can carry another exchange, closed otherwise. */
    void release(ClientConnection c) {
        Host h = hosts.get(c.origin);
        if (c.reusable && !closed) {
            c.idleSince = Coro.now();
            h.idle.addFirst(c);
        } else {
            c.close();
            h.open--;
        }
        h.waiters.wakeOne(null);
    }

    /** Idle connections per origin (for tests and diagnostics). */
    int idle(Origin o) {
        Host h = hosts.get(o);
        return h == null ? 0 : h.idle.size();
    }

    int open(Origin o) {
        Host h = hosts.get(o);
        return h == null ? 0 : h.open;
    }

    void close() {
        closed = true;
        for (Host h : hosts.values()) {
            ClientConnection c;
            while ((c = h.idle.pollFirst()) != null) {
                c.close();
                h.open--;
            }
        }
    }
}
