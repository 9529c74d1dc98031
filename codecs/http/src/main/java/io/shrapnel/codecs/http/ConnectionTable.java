package io.shrapnel.codecs.http;

import io.shrapnel.kernel.Scheduler;
import io.shrapnel.net.TcpSock;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The live connections of one server: how many each client address holds, which have not spoken
 * yet (they hold no coro), and which wait for their next request, so that a full server closes a
 * waiting connection before it refuses a new one.
 *
 * <p>A connection whose client never speaks has no coro to time it out, so the table does: one
 * timer, armed for the oldest silent connection, closes every silent connection whose
 * {@link Limits#firstRequestTimeout()} has passed since its accept, then re-arms for the next
 * oldest. Once a connection has its coro, its session keeps the same deadline (counted from the
 * same accept).
 *
 * <p>Threading: confined to the server's loop (its acceptor, its connections' coros, its timer).
 */
final class ConnectionTable {
    private final ConnectionList all = ConnectionList.everyConnection();
    /** Connections whose client has sent nothing yet, in accept order (so oldest deadline first). */
    private final ConnectionList silent = ConnectionList.waiting();
    /** Connections whose session waits for its next request, longest waiting first. */
    private final ConnectionList idle = ConnectionList.waiting();
    private final Map<InetAddress, Integer> perAddress = new HashMap<>();
    private final long firstRequestNanos;
    private final Consumer<ServerConnection> onFirstBytes;
    private Scheduler loop;
    /** Armed while a silent connection waits; null otherwise. */
    private Scheduler.Cancellable sweep;
    private long expiredSilent;

    /**
     * @param firstRequestTimeout how long a connection may stay silent after its accept
     * @param onFirstBytes run on the loop when a silent connection's client speaks (or closes)
     */
    ConnectionTable(Duration firstRequestTimeout, Consumer<ServerConnection> onFirstBytes) {
        this.firstRequestNanos = firstRequestTimeout.toNanos();
        this.onFirstBytes = onFirstBytes;
    }

    int size() {
        return all.size();
    }

    /** Connections whose client has not sent a byte yet. */
    int silent() {
        return silent.size();
    }

    /** Connections waiting for a request: the silent ones and the idle kept-alive ones. */
    int waiting() {
        return silent.size() + idle.size();
    }

    /** Silent connections closed because their first-request time ran out. */
    long expiredSilent() {
        return expiredSilent;
    }

    /** Connections that {@code address} holds now. */
    int from(InetAddress address) {
        return perAddress.getOrDefault(address, 0);
    }

    /** Every live connection, oldest first (a copy). */
    List<ServerConnection> connections() {
        List<ServerConnection> out = new ArrayList<>(all.size());
        for (ServerConnection c = all.first(); c != null; c = all.next(c)) {
            out.add(c);
        }
        return out;
    }

    /**
     * Takes in a connection just accepted on {@code loop}; it is silent until {@link #started}. Its
     * socket is watched for its first bytes, which call {@code onFirstBytes}.
     */
    ServerConnection add(TcpSock sock, InetAddress from, Scheduler loop) {
        this.loop = loop;
        ServerConnection c = new ServerConnection(sock, from, loop.clock().nanoTime(), this);
        c.open = true;
        all.add(c);
        if (from != null) {
            perAddress.merge(from, 1, Integer::sum);
        }
        c.waitingIn = silent;
        silent.add(c);
        armSweep();
        try {
            sock.whenReadable(loop, c);
        } catch (io.shrapnel.kernel.ClosedError closedMeanwhile) {
            remove(c);
        }
        return c;
    }

    /** Runs (as the socket's readiness action) when a silent connection's client speaks. */
    void firstBytes(ServerConnection c) {
        if (c.waitingIn == silent) {
            leaveWaiting(c);
            onFirstBytes.accept(c);
        }
    }

    void remove(ServerConnection c) {
        if (!c.open) {
            return;
        }
        c.open = false;
        leaveWaiting(c);
        all.remove(c);
        if (c.from != null) {
            perAddress.computeIfPresent(c.from, (a, n) -> n > 1 ? n - 1 : null);
        }
    }

    /** {@code c}'s session waits for its next request now. */
    void idle(ServerConnection c) {
        if (c.open && c.waitingIn == null) {
            c.waitingIn = idle;
            idle.add(c);
        }
    }

    /** {@code c}'s session has bytes of a request, or has ended. */
    void busy(ServerConnection c) {
        if (c.waitingIn == idle) {
            leaveWaiting(c);
        }
    }

    private void leaveWaiting(ServerConnection c) {
        ConnectionList in = c.waitingIn;
        if (in != null) {
            in.remove(c);
            c.waitingIn = null;
        }
    }

    /**
     * Closes the connection that has waited longest, if one does: a silent connection first (it
     * has cost nothing yet and most likely never speaks), else the session idle the longest, which
     * ends in its own coro at the loop's next pass. Returns whether one was closed.
     */
    boolean closeLongestIdle() {
        ServerConnection c = silent.first();
        if (c != null) {
            closeSilent(c);
            return true;
        }
        c = idle.first();
        if (c == null) {
            return false;
        }
        leaveWaiting(c);
        ServerSession s = c.session;
        s.closeAfterCurrent();
        s.transport().close();
        return true;
    }

    /** Closes a connection that has no coro yet and forgets it. */
    void closeSilent(ServerConnection c) {
        remove(c);
        try {
            c.sock.close(); // drops the readiness action too
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }

    /** Closes every silent connection and disarms the timer (the server is stopping). */
    void closeAllSilent() {
        for (ServerConnection c = silent.first(); c != null; c = silent.first()) {
            closeSilent(c);
        }
        if (sweep != null) {
            sweep.cancel();
            sweep = null;
        }
    }

    private void armSweep() {
        ServerConnection oldest = silent.first();
        if (sweep != null || oldest == null) {
            return;
        }
        long wait = oldest.acceptedAt + firstRequestNanos - loop.clock().nanoTime();
        sweep = loop.schedule(Duration.ofNanos(Math.max(0, wait)), this::sweep);
    }

    private void sweep() {
        sweep = null;
        long now = loop.clock().nanoTime();
        for (ServerConnection c = silent.first(); c != null && c.acceptedAt + firstRequestNanos - now <= 0; c = silent.first()) {
            closeSilent(c);
            expiredSilent++;
        }
        armSweep();
    }
}
