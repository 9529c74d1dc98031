package io.shrapnel.net;

import io.shrapnel.kernel.ClosedError;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Poller;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.YieldFromMain;
import io.shrapnel.net.internal.SockCounters;
import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectableChannel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every coro socket shares: a non-blocking NIO channel that parks coros on its loop's
 * {@link Poller}, socket options, and an idempotent close that wakes blocked coros.
 *
 * <p>A socket belongs to the loop of the first coro that waits on it (the loop's selector holds its
 * registration). A socket that has never waited may be handed to a coro of another loop, which is
 * how an acceptor feeds connections to several loops.
 *
 * <p>Threading: loop-confined, except {@link #close()} and {@link #isClosed()}, which any thread may
 * call (a close from another thread is carried out on the owning loop).
 */
public abstract sealed class Sock implements Closeable permits StreamSock, UdpSock {
    private volatile boolean closed;
    /** Volatile so that a close from another thread sees it and goes through the owning loop. */
    private volatile Poller.Registration registration;
    /** Options set before the channel exists, applied when it is opened (insertion order kept). */
    private Map<SocketOption<?>, Object> pendingOptions;

    Sock() {}

    /** The open channel, or null while the socket is not connected, listening or bound yet. */
    abstract NetworkChannel channel();

    /** What to call this socket in messages. */
    abstract String kind();

    /** The counters of this kind of socket ({@link SockStats}). */
    abstract SockCounters counters();

    /** True once {@link #close()} was called. Any thread. */
    public final boolean isClosed() {
        return closed;
    }

    /**
     * Closes the socket. Coros blocked on it get {@link ClosedError}; later calls fail with it.
     * Idempotent; any thread.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (channel() != null) {
            counters().closed();
        }
        Poller.Registration r = registration;
        if (r != null) {
            r.close();
        } else if (channel() != null) {
            channel().close();
        }
    }

    /** The address this socket is bound to, or null if it is not bound yet. */
    public SocketAddress localAddress() throws IOException {
        NetworkChannel ch = open("localAddress");
        return ch == null ? null : ch.getLocalAddress();
    }

    /**
     * Sets a socket option ({@link java.net.StandardSocketOptions}, {@code jdk.net.ExtendedSocketOptions}).
     * Before the channel exists (a fresh {@link TcpSock}) the value is kept and applied when it is
     * opened; on a listening socket, options only connections have (such as {@code TCP_NODELAY}) are
     * applied to every accepted connection.
     */
    public <T> void setOption(SocketOption<T> name, T value) throws IOException {
        NetworkChannel ch = open("setOption");
        if (ch == null) {
            if (pendingOptions == null) {
                pendingOptions = new LinkedHashMap<>();
            }
            pendingOptions.put(name, value);
        } else if (ch.supportedOptions().contains(name) || !keepsUnsupportedOptions()) {
            ch.setOption(name, value);
            if (remembersOptions()) {
                pendingOptions().put(name, value);
            }
        } else {
            pendingOptions().put(name, value);
        }
    }

    /** The value of a socket option (a value set before the channel exists, if it does not yet). */
    @SuppressWarnings("unchecked")
    public <T> T option(SocketOption<T> name) throws IOException {
        NetworkChannel ch = open("option");
        if (ch != null && ch.supportedOptions().contains(name)) {
            return ch.getOption(name);
        }
        if (pendingOptions != null && pendingOptions.containsKey(name)) {
            return (T) pendingOptions.get(name);
        }
        if (ch == null) {
            throw new IllegalStateException(kind() + " is not open yet: read " + name
                    + " after connect, listen or bind");
        }
        return ch.getOption(name); // throws UnsupportedOperationException naming the option
    }

    // ---- for subclasses ----

    /** Closes a channel this socket is giving up on (a refused connect) and its registration. */
    final void forgetChannel(NetworkChannel ch) throws IOException {
        Poller.Registration r = registration;
        registration = null;
        if (ch != null) {
            counters().closed();
        }
        if (r != null) {
            r.close();
        } else if (ch != null) {
            ch.close();
        }
    }

    /** True while the channel is a stand-in that another will replace (a TCP socket bound, not yet listening). */
    boolean remembersOptions() {
        return false;
    }

    /** True for listeners, which pass options they do not support on to accepted connections. */
    boolean keepsUnsupportedOptions() {
        return false;
    }

    final boolean hasPendingOptions() {
        return pendingOptions != null && !pendingOptions.isEmpty();
    }

    final Map<SocketOption<?>, Object> pendingOptions() {
        if (pendingOptions == null) {
            pendingOptions = new LinkedHashMap<>();
        }
        return pendingOptions;
    }

    /** Applies the kept options that {@code ch} supports; keeps the rest if {@code keepRest}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    final void applyOptions(NetworkChannel ch, boolean keepRest) throws IOException {
        if (pendingOptions == null) {
            return;
        }
        var it = pendingOptions.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (ch.supportedOptions().contains(e.getKey())) {
                ch.setOption((SocketOption) e.getKey(), e.getValue());
                if (!keepRest) {
                    it.remove();
                }
            } else if (!keepRest) {
                throw new UnsupportedOperationException(kind() + " does not support the option " + e.getKey());
            }
        }
    }

    /** The channel after checking that the socket is not closed. */
    final NetworkChannel open(String operation) throws ClosedError {
        if (closed) {
            throw closedError(operation);
        }
        return channel();
    }

    final ClosedError closedError(String operation) {
        return new ClosedError(operation + " on a closed " + this);
    }

    /** The channel's registration with the current coro's loop, made on first use. */
    final Poller.Registration registration(String operation) throws ClosedError {
        Poller.Registration r = registration;
        if (r == null) {
            Coro c = Coro.current();
            if (c == null) {
                throw new YieldFromMain(operation + " on " + this + " must be called from inside a coro: "
                        + "it parks the coro until the socket is ready. Spawn a coro (Coro.spawn) and run the loop.");
            }
            if (closed) {
                throw closedError(operation);
            }
            registration = r = c.scheduler().poller().register((SelectableChannel) channel());
        }
        return r;
    }

    /**
     * Runs {@code action} once on {@code loop} when this socket is next readable (bytes, end of
     * stream or an error), with no coro waiting (see {@link Poller.Registration#onReadable});
     * registers the channel with that loop if it is not yet. A server uses it to spend a coro on a
     * connection only once its client speaks ({@link TcpServer.SessionStart#ON_FIRST_BYTES}); closing
     * the socket drops the action. The action runs inside the loop's selection step: keep it short
     * (spawn a coro). Loop thread of {@code loop} only.
     *
     * @throws ClosedError if the socket is closed
     */
    public final void whenReadable(Scheduler loop, Runnable action) throws ClosedError {
        Poller.Registration r = registration;
        if (r == null) {
            if (closed) {
                throw closedError("whenReadable");
            }
            registration = r = loop.poller().register((SelectableChannel) channel());
        }
        r.onReadable(action);
    }

    @Override
    public String toString() {
        NetworkChannel ch = channel();
        String where = "";
        if (ch != null) {
            try {
                where = " " + ch.getLocalAddress();
            } catch (IOException | RuntimeException e) {
                where = "";
            }
        }
        return kind() + where + (closed ? " (closed)" : "");
    }
}
