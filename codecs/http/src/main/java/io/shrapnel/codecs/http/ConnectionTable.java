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
 * The live connections of one server: how many each client address holds, which wait with no coro
 * (silent ones, whose client has not spoken, and kept-alive ones that gave their coro up between
 * requests), and which wait for their next request in their coro, so that a full server closes a
 * waiting connection before it refuses a new one.
 *
 * <p>A connection that waits without a coro has nothing to time it out, so the table does: one timer,
 * armed for the earliest deadline, closes every such connection whose deadline has passed (a silent
 * one {@link Limits#firstRequestTimeout()} after its accept, a kept-alive one {@link
 * Limits#idleTimeout()} after its last response), then re-arms. Each of the two lists is in deadline
 * order, since each adds a constant to the time a connection joins it. Once a connection has its coro,
 * its session keeps the same deadline.
 *
 * <p>Threading: confined to the server's loop (its acceptor, its connections' coros, its timer).
 */
final class ConnectionTable {
    private final ConnectionList all = ConnectionList.everyConnection();
    /** Connections whose client has sent nothing yet, in accept order (so oldest deadline first). */
    private final ConnectionList silent = ConnectionList.waiting();
    /** Connections whose session waits for its next request in its coro, longest waiting first. */
    private final ConnectionList idle = ConnectionList.waiting();
    /** Kept-alive connections that gave their coro up, in deadline order. */
    private final ConnectionList dormant = ConnectionList.waiting();
    private final Map<InetAddress, Integer> perAddress = new HashMap<>();
    private final long firstRequestNanos;
    /** How long a kept-alive connection may wait without its coro (idle timeout less the time it kept it). */
    private final long dormantNanos;
    private final Consumer<ServerConnection> onFirstBytes;
    private Scheduler loop;
    /** Armed while a connection waits without a coro; null otherwise. */
    private Scheduler.Cancellable sweep;
    /** When the armed sweep runs (loop clock). */
    private long sweepAt;
    /** The server is stopping: no connection is kept without its coro any more. */
    private boolean stopping;
    private long expiredSilent;
    private long expiredDormant;

    /**
     * A table whose connections never wait without a coro once they have spoken.
     *
     * @param firstRequestTimeout how long a connection may stay silent after its accept
     * @param onFirstBytes run on the loop when a silent connection's client speaks (or closes)
     */
    ConnectionTable(Duration firstRequestTimeout, Consumer<ServerConnection> onFirstBytes) {
        this(firstRequestTimeout, Duration.ZERO, onFirstBytes);
    }

    /**
     * @param firstRequestTimeout how long a connection may stay silent after its accept
     * @param dormantTimeout how long a kept-alive connection may wait without its coro
     * @param onFirstBytes run on the loop when a waiting connection's client speaks (or closes)
     */
    ConnectionTable(Duration firstRequestTimeout, Duration dormantTimeout, Consumer<ServerConnection> onFirstBytes) {
        this.firstRequestNanos = firstRequestTimeout.toNanos();
        this.dormantNanos = dormantTimeout.toNanos();
        this.onFirstBytes = onFirstBytes;
    }

    int size() {
        return all.size();
    }

    /** Connections whose client has not sent a byte yet. */
    int silent() {
        return silent.size();
    }

    /** Kept-alive connections waiting for their next request without a coro. */
    int dormant() {
        return dormant.size();
    }

    /** Connections waiting for a request: the silent ones and the kept-alive ones, with a coro or without. */
    int waiting() {
        return silent.size() + idle.size() + dormant.size();
    }

    /** Silent connections closed because their first-request time ran out. */
    long expiredSilent() {
        return expiredSilent;
    }

    /** Kept-alive connections closed without a coro because their idle time ran out. */
    long expiredDormant() {
        return expiredDormant;
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
        waitWithoutCoro(c, silent, c.acceptedAt + firstRequestNanos);
        return c;
    }

    /**
     * {@code c}'s session gave its coro up to wait for the next request: from now on its socket is
     * watched for the next bytes, which call {@code onFirstBytes} as a silent connection's do, and the
     * table closes it if none come in time. Returns false (and keeps nothing) if {@code c} is no longer
     * open or the server is stopping: the caller closes it then.
     */
    boolean keepWithoutCoro(ServerConnection c) {
        if (!c.open || stopping) {
            return false;
        }
        leaveWaiting(c);
        c.coro = null;
        c.session = null;
        c.keptAlive = true;
        return waitWithoutCoro(c, dormant, loop.clock().nanoTime() + dormantNanos);
    }

    /** Lists {@code c} in {@code list} until {@code deadline} and watches its socket; false if it closed meanwhile. */
    private boolean waitWithoutCoro(ServerConnection c, ConnectionList list, long deadline) {
        c.deadline = deadline;
        c.waitingIn = list;
        list.add(c);
        armSweep();
        try {
            c.sock.whenReadable(loop, c);
            return true;
        } catch (io.shrapnel.kernel.ClosedError closedMeanwhile) {
            remove(c);
            return false;
        }
    }

    /** Runs (as the socket's readiness action) when the client of a connection waiting without a coro speaks. */
    void firstBytes(ServerConnection c) {
        if (c.waitingIn == silent || c.waitingIn == dormant) {
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
     * has cost nothing yet and most likely never speaks), then a kept-alive one waiting without its
     * coro, else the session idle the longest, which ends in its own coro at the loop's next pass.
     * Returns whether one was closed.
     */
    boolean closeLongestIdle() {
        ServerConnection c = silent.first();
        if (c == null) {
            c = dormant.first();
        }
        if (c != null) {
            closeWithoutCoro(c);
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

    /** Closes a connection that has no coro and forgets it. */
    void closeWithoutCoro(ServerConnection c) {
        remove(c);
        try {
            c.sock.close(); // drops the readiness action too
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }

    /**
     * The server is stopping: closes every connection that waits without a coro, keeps none that way
     * from now on, and disarms the timer.
     */
    void stop() {
        stopping = true;
        for (ConnectionList list : new ConnectionList[] {silent, dormant}) {
            for (ServerConnection c = list.first(); c != null; c = list.first()) {
                closeWithoutCoro(c);
            }
        }
        if (sweep != null) {
            sweep.cancel();
            sweep = null;
        }
    }

    /** Arms the timer for the earliest deadline of a connection without a coro, unless it is armed for that or sooner. */
    private void armSweep() {
        ServerConnection s = silent.first();
        ServerConnection d = dormant.first();
        if (s == null && d == null) {
            return;
        }
        long at = s == null ? d.deadline : d == null || s.deadline - d.deadline <= 0 ? s.deadline : d.deadline;
        if (sweep != null) {
            if (sweepAt - at <= 0) {
                return;
            }
            sweep.cancel();
        }
        sweepAt = at;
        sweep = loop.schedule(Duration.ofNanos(Math.max(0, at - loop.clock().nanoTime())), this::sweep);
    }

    private void sweep() {
        sweep = null;
        long now = loop.clock().nanoTime();
        expiredSilent += closeExpired(silent, now);
        expiredDormant += closeExpired(dormant, now);
        armSweep();
    }

    /** Closes the connections of {@code list} whose deadline has passed; returns how many. */
    private int closeExpired(ConnectionList list, long now) {
        int n = 0;
        for (ServerConnection c = list.first(); c != null && c.deadline - now <= 0; c = list.first()) {
            closeWithoutCoro(c);
            n++;
        }
        return n;
    }
}
