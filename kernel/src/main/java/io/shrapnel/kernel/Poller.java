package io.shrapnel.kernel;

import io.shrapnel.kernel.internal.Waiter;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Parks coros until a non-blocking channel is ready, on the loop's own NIO {@link Selector}.
 *
 * <p>One registration per channel; its interest ops are the union of the directions coros wait for.
 * A ready key wakes exactly the coros waiting in its ready directions. A direction whose waiter
 * left (timeout, interrupt) keeps its interest until the selector next reports it with nobody
 * waiting, so a reader that waits again at once costs no {@code epoll_ctl}.
 *
 * <p>Rules of the contract: a second coro waiting for the same channel in the same direction gets
 * {@link SimultaneousError} naming both; {@link Registration#close()} wakes the waiters of both
 * directions with {@link ClosedError}. Close channels through their registration (or
 * {@link #close(SelectableChannel)}): a channel closed behind the poller's back leaves its waiters
 * parked.
 *
 * <p>Threading: confined to its loop; a channel belongs to the loop of the coro that registered it.
 * Only {@link #wakeup()} may be called from other threads (the scheduler does).
 */
public final class Poller {
    private static final int READS = SelectionKey.OP_READ | SelectionKey.OP_ACCEPT;
    private static final int WRITES = SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT;

    private final Scheduler scheduler;
    private final Selector selector;
    private final Consumer<SelectionKey> onReady = this::ready;
    /** See {@link #hasRegistrations}. Loop thread only. */
    private boolean registered;
    /** True while a select runs (and dispatches): a close from a readiness action must not select again. */
    private boolean selecting;

    Poller(Scheduler scheduler) throws IOException {
        this.scheduler = scheduler;
        this.selector = Selector.open();
    }

    /**
     * The registration of {@code channel} with this loop, made on first use. The channel must be
     * non-blocking. Loop thread only.
     */
    public Registration register(SelectableChannel channel) throws ClosedError {
        checkLoop();
        SelectionKey key = channel.keyFor(selector);
        if (key != null) {
            if (!key.isValid()) {
                throw new ClosedError(channel + " is closed");
            }
            return (Registration) key.attachment();
        }
        Registration r = new Registration(channel);
        try {
            r.key = channel.register(selector, 0, r);
            registered = true;
        } catch (ClosedChannelException e) {
            throw new ClosedError(channel + " is closed");
        } catch (IllegalBlockingModeException e) {
            throw new IllegalArgumentException(channel + " is in blocking mode; call configureBlocking(false) first", e);
        }
        return r;
    }

    /** Parks the current coro until {@code channel} is readable (or acceptable, for a server channel). */
    public void awaitReadable(SelectableChannel channel) throws IOException {
        register(channel).await(isServer(channel) ? SelectionKey.OP_ACCEPT : SelectionKey.OP_READ);
    }

    /** Parks the current coro until {@code channel} is writable. */
    public void awaitWritable(SelectableChannel channel) throws IOException {
        register(channel).await(SelectionKey.OP_WRITE);
    }

    /** Parks the current coro until a non-blocking connect on {@code channel} can be finished. */
    public void awaitConnectable(SelectableChannel channel) throws IOException {
        register(channel).await(SelectionKey.OP_CONNECT);
    }

    /** Closes {@code channel}, waking its waiters with {@link ClosedError}. Idempotent. */
    public void close(SelectableChannel channel) throws IOException {
        SelectionKey key = channel.keyFor(selector);
        if (key != null && key.attachment() instanceof Registration r) {
            r.close();
        } else {
            channel.close();
        }
    }

    private static boolean isServer(SelectableChannel channel) {
        return (channel.validOps() & SelectionKey.OP_READ) == 0;
    }

    private void checkLoop() {
        if (!scheduler.inLoop()) {
            Coro c = Coro.current();
            throw new IllegalStateException("channels of loop " + scheduler.name() + " are used on its thread only"
                    + (c != null ? "; " + c + " runs on loop " + c.scheduler.name() : ""));
        }
    }

    /**
     * A channel registered with one loop: wait for its directions, close it.
     *
     * <p>Threading: confined to the loop that registered it.
     */
    public final class Registration {
        private final SelectableChannel channel;
        private SelectionKey key;
        private Waiter reader;
        private Waiter writer;
        /** Run once at the next readiness to read when no coro waits to read; see {@link #onReadable}. */
        private Runnable readAction;
        private final Event readEvent;
        private final Event writeEvent;

        private Registration(SelectableChannel channel) {
            this.channel = channel;
            this.readEvent = new Event(channel, "read");
            this.writeEvent = new Event(channel, "write");
        }

        public SelectableChannel channel() {
            return channel;
        }

        public void awaitReadable() throws IOException {
            await(isServer(channel) ? SelectionKey.OP_ACCEPT : SelectionKey.OP_READ);
        }

        public void awaitWritable() throws IOException {
            await(SelectionKey.OP_WRITE);
        }

        public void awaitConnectable() throws IOException {
            await(SelectionKey.OP_CONNECT);
        }

        /**
         * Runs {@code action} on the loop, once, when the channel is next readable (bytes, end of
         * stream or an error to read), without a coro waiting: a connection can be watched before
         * any coro is spent on it (see {@code TcpServer.SessionStart.ON_FIRST_BYTES}). Replaces an
         * earlier action; {@link #close} drops it. The action runs inside the loop's selection step,
         * so it must be short (spawn a coro, post a message). Loop thread only.
         *
         * @throws IllegalStateException if a coro is waiting to read
         */
        public void onReadable(Runnable action) throws ClosedError {
            Objects.requireNonNull(action, "action");
            checkLoop();
            if (!key.isValid()) {
                throw new ClosedError(channel + " is closed");
            }
            if (reader != null && reader.isPending()) {
                throw new IllegalStateException(reader.coro() + " already waits to read " + channel);
            }
            readAction = action;
            int op = isServer(channel) ? SelectionKey.OP_ACCEPT : SelectionKey.OP_READ;
            int ops = key.interestOps();
            if ((ops & op) != op) {
                key.interestOps(ops | op);
            }
        }

        /** The coro waiting to read, or null. */
        public Coro reader() {
            return reader != null && reader.isPending() ? reader.coro() : null;
        }

        /** The coro waiting to write, or null. */
        public Coro writer() {
            return writer != null && writer.isPending() ? writer.coro() : null;
        }

        void await(int op) throws IOException {
            Coro c = Coro.require("waiting for a channel");
            if (c.scheduler != scheduler) {
                checkLoop();
            }
            if (!key.isValid()) {
                throw new ClosedError(channel + " is closed");
            }
            boolean read = (op & READS) != 0;
            Waiter other = read ? reader : writer;
            Event event = read ? readEvent : writeEvent;
            if (other != null && other.isPending()) {
                throw new SimultaneousError(c, other.coro(), event);
            }
            Waiter w = Waiter.begin(event);
            if (read) {
                reader = w;
            } else {
                writer = w;
            }
            int ops = key.interestOps();
            if ((ops & op) != op) {
                key.interestOps(ops | op);
            }
            try {
                w.await();
            } finally {
                if (read) {
                    if (reader == w) {
                        reader = null;
                    }
                } else if (writer == w) {
                    writer = null;
                }
            }
        }

        private void runAction(Runnable action) {
            try {
                action.run();
            } catch (RuntimeException | Error e) { // the loop's selection step goes on for the other channels
                Reporting.printStderr("the readiness action of " + describe(channel) + " failed: " + e);
            }
        }

        /** Called by the selector with the ready ops of this channel. */
        void ready(int readyOps) {
            int idle = 0;
            if ((readyOps & READS) != 0) {
                Waiter w = reader;
                reader = null;
                if (w == null || !w.wake(null)) {
                    idle |= READS; // whoever reads next finds the bytes first, and waits only if there are none
                    Runnable action = readAction;
                    if (action != null) {
                        readAction = null;
                        runAction(action);
                    }
                }
            }
            if ((readyOps & WRITES) != 0) {
                Waiter w = writer;
                writer = null;
                if (w == null || !w.wake(null)) {
                    idle |= WRITES;
                }
            }
            if (idle != 0 && key.isValid()) {
                key.interestOps(key.interestOps() & ~idle);
            }
        }

        /**
         * Closes the channel; waiters of both directions get {@link ClosedError}. Idempotent. From
         * another thread the close is posted to the loop.
         */
        public void close() throws IOException {
            if (!scheduler.inLoop()) {
                scheduler.post(() -> {
                    try {
                        close();
                    } catch (IOException e) {
                        Reporting.printStderr("close of " + channel + " failed: " + e);
                    }
                });
                return;
            }
            key.cancel();
            readAction = null;
            Waiter r = reader;
            Waiter w = writer;
            reader = null;
            writer = null;
            try {
                channel.close();
                if (channel instanceof ServerSocketChannel && !selecting) {
                    releaseDescriptors();
                }
            } finally {
                if (r != null) {
                    r.fail(new ClosedError(channel + " was closed while " + r.coro() + " waited to read"));
                }
                if (w != null) {
                    w.fail(new ClosedError(channel + " was closed while " + w.coro() + " waited to write"));
                }
            }
        }

        @Override
        public String toString() {
            return "Registration[" + channel + "]";
        }
    }

    /** What a coro waits for on a channel (shown by {@code eventMap()} and {@code whereAll()}). */
    public record Event(SelectableChannel channel, String direction) {
        @Override
        public String toString() {
            return direction + " " + describe(channel);
        }
    }

    /**
     * A channel as a person reading {@code whereAll} wants it: its kind and addresses
     * ({@code listener /127.0.0.1:9000}, {@code tcp /127.0.0.1:40312 -> /127.0.0.1:9000}); the JDK's
     * own {@code toString} of a listener shows no address.
     */
    static String describe(SelectableChannel ch) {
        try {
            if (!ch.isOpen()) {
                return "closed " + ch.getClass().getSimpleName();
            }
            if (ch instanceof java.nio.channels.ServerSocketChannel s) {
                return "listener " + s.getLocalAddress();
            }
            if (ch instanceof java.nio.channels.SocketChannel s) {
                return "tcp " + s.getLocalAddress() + " -> " + s.getRemoteAddress();
            }
            if (ch instanceof java.nio.channels.DatagramChannel d) {
                return "udp " + d.getLocalAddress() + (d.isConnected() ? " -> " + d.getRemoteAddress() : "");
            }
        } catch (java.io.IOException e) {
            return ch.getClass().getSimpleName() + "[" + e.getMessage() + "]";
        }
        return String.valueOf(ch);
    }

    // ---- used by the scheduler ----

    /**
     * True if a channel is registered. Read from a field, not the selector's key set (a few
     * dependent loads each pass): the set grows only by {@link #register} on this loop and shrinks
     * only inside a select, where the field is brought up to date.
     */
    boolean hasRegistrations() {
        return registered;
    }

    /** Throws {@link java.nio.channels.ClosedSelectorException} if the loop was closed: a closed loop cannot run. */
    void ensureOpen() {
        if (!selector.isOpen()) {
            throw new java.nio.channels.ClosedSelectorException();
        }
    }

    private void afterSelect() {
        registered = !selector.keys().isEmpty();
    }

    void selectNow() {
        selecting = true;
        try {
            selector.selectNow(onReady);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("select failed on loop " + scheduler.name(), e);
        } finally {
            selecting = false;
            afterSelect();
        }
    }

    /** Blocks up to {@code timeoutNanos} (negative: no limit) or until {@link #wakeup()}. */
    void select(long timeoutNanos) {
        selecting = true;
        try {
            if (timeoutNanos < 0) {
                selector.select(onReady);
            } else {
                // Selector timeouts are in milliseconds: round up, so a timer is never fired early.
                long ms = Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos + 999_999));
                selector.select(onReady, ms);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("select failed on loop " + scheduler.name(), e);
        } finally {
            selecting = false;
            afterSelect();
        }
    }

    /**
     * Makes the selector let go of the channels closed since its last select now. The JDK closes
     * the descriptor of a registered channel only when its selector next selects; for a listening
     * socket that would leave the port accepting connections into its backlog (and unbindable)
     * after close returned. The keys this select finds ready are not dispatched here: epoll is
     * level-triggered, so the loop's own next select reports them again.
     */
    private void releaseDescriptors() throws IOException {
        selector.selectNow();
        selector.selectedKeys().clear();
        afterSelect();
    }

    void wakeup() {
        selector.wakeup();
    }

    void close() {
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing useful to do
        }
    }

    private void ready(SelectionKey key) {
        if (key.attachment() instanceof Registration r) {
            r.ready(key.readyOps());
        }
    }
}
