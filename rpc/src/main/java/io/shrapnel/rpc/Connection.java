package io.shrapnel.rpc;

import com.google.protobuf.MessageLite;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Fifo;
import io.shrapnel.kernel.Interrupted;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.net.Conn;
import io.shrapnel.net.Sock;
import io.shrapnel.rpc.internal.Frame;
import io.shrapnel.rpc.internal.FrameBuffer;
import io.shrapnel.rpc.internal.FrameDecoder;
import io.shrapnel.rpc.internal.FrameEncoder;
import io.shrapnel.rpc.internal.FrameKind;
import io.shrapnel.rpc.internal.ProtocolError;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * One connection between two nodes, carrying many calls. A reader coro, a writer coro and a timer
 * serve it:
 * <ul>
 *   <li>the reader fills an off-heap {@link FrameBuffer}, cuts frames with a {@link FrameDecoder} and
 *       hands each to the {@link Handler} (client or server side), which must not block;
 *   <li>the writer (the original's writer-coro idiom) drains the queue of outgoing frames, encodes
 *       all that is queued into its own buffer and writes it with one send;
 *   <li>the keepalive pings the peer when the connection is idle and closes it when nothing at all
 *       has been heard for the keepalive timeout (a half-open connection, a frozen peer).
 * </ul>
 * Any failure closes the whole connection; the handler then fails its calls with the reason.
 *
 * <p>Idle connections are cheap: a connection with light traffic (at most {@link #BUSY_ACTIVITY}
 * reads and writes per keepalive interval) holds no coro and no buffer between bursts. On a plain
 * socket ({@link Sock}: TCP, Unix) its reader ends when all that came is handled, and the socket's
 * readiness ({@link Sock#whenReadable}) spawns the next one; over other connections (TLS) the reader
 * parks in {@link Conn#recv}, which lends no buffer while it waits. A reader takes a buffer for what
 * came and releases it once every frame in it is handled; the writer is spawned when a frame is
 * queued and ends, with its buffer, when the queue is empty. Past that activity the connection
 * turns busy: reader and writer keep their buffers and stay parked, so the hot path allocates
 * nothing. The keepalive tick turns a connection idle again after an interval of light traffic.
 *
 * <p>Threading: everything runs on the loop that created the connection; {@link #close} must be
 * called from it too (use {@code loop.post} from elsewhere).
 */
final class Connection {
    /** What the two sides do with frames. Called on the reader coro; must not park. */
    interface Handler {
        void onFrame(Connection c, Frame f) throws IOException;

        /** The connection is closed; fail every call with {@code why}. */
        void onClosed(RpcException why);
    }

    /**
     * A frame to write: payload {@code message}, or the long {@code number} of PING/PONG, or the
     * messages ({@code number}) and bytes ({@code bytes}) of a CREDIT.
     */
    record Out(long callId, int kind, int flags, MessageLite message, long number, long bytes) {}

    private static final Out STOP = new Out(0, 0, 0, null, 0, 0);
    /** Wakes a parked writer of a connection that turned idle, so that it ends. */
    private static final Out WAKE = new Out(0, 0, 0, null, 0, 0);
    /** The reason of the interrupt that makes a busy reader let go of its buffer. */
    private static final Object TRIM = "rpc connection idle: release the read buffer";
    /** Reads and write batches per keepalive interval above which a connection keeps its buffers. */
    static final int BUSY_ACTIVITY = 16;
    /** The reader's buffer of a busy connection (it grows to the largest frame). */
    private static final int BUSY_BUFFER = 64 << 10;
    /** What one read asks for. */
    private static final int READ_SIZE = 16 << 10;

    final Conn conn;
    final RpcConfig config;
    final Scheduler loop;
    private final Handler handler;
    private final String label;
    private final RpcStats stats;
    private final Fifo<Out> outgoing = new Fifo<>();
    /** The reader coro while one runs (null between the bursts of an idle connection on a plain socket). */
    private Coro reader;
    /** Cuts frames; lives with the connection (it may be skipping an oversized frame between bursts). */
    private final FrameDecoder decoder;
    /** The writer coro while one runs (null when an idle connection has nothing to send). */
    private Coro writer;
    /** The reader's buffer while it holds one (null between the bursts of an idle connection). */
    private FrameBuffer in;
    /** Light traffic: buffers and the writer live only while there is something to do. */
    private boolean idle = true;
    /** Reads and write batches since the last keepalive tick. */
    private int activity;
    private Scheduler.Cancellable keepalive;
    private RpcException closedBecause;
    private long lastHeard;

    Connection(Conn conn, RpcConfig config, Handler handler, String label, RpcStats stats) {
        this.conn = conn;
        this.stats = stats;
        this.config = config;
        this.handler = handler;
        this.label = label;
        this.decoder = new FrameDecoder(config.maxMessageSize());
        this.loop = Scheduler.current();
        if (loop == null) {
            throw new IllegalStateException("an rpc connection is made from a coro (its loop serves it)");
        }
    }

    void start() {
        stats.openConnections.increment();
        lastHeard = loop.clock().nanoTime();
        reader = loop.spawn("rpc-reader " + label, () -> readLoop(false));
        keepalive = loop.schedule(config.keepaliveInterval(), this::keepaliveTick);
    }

    boolean isOpen() {
        return closedBecause == null;
    }

    /** Why the connection closed, or null while it is open. */
    RpcException closedBecause() {
        return closedBecause;
    }

    /** Queues a frame for the writer. Frames of a closed connection are dropped. */
    void send(long callId, int kind, int flags, MessageLite message) {
        enqueue(new Out(callId, kind, flags, message, 0, 0));
    }

    void sendNumber(long callId, int kind, long number) {
        enqueue(new Out(callId, kind, 0, null, number, 0));
    }

    /** Queues a CREDIT frame: the peer may send {@code messages} and {@code bytes} more on the call. */
    void sendCredit(long callId, long messages, long bytes) {
        enqueue(new Out(callId, FrameKind.CREDIT, 0, null, messages, bytes));
    }

    /** Queues a frame and starts a writer if none runs. */
    private void enqueue(Out o) {
        if (closedBecause != null) {
            return;
        }
        outgoing.push(o);
        if (writer == null) {
            writer = loop.spawn("rpc-writer " + label, this::writeLoop);
        }
    }

    /** True while the connection has light traffic (no buffers or writer kept between bursts). */
    boolean isIdle() {
        return idle;
    }

    /** True while a writer coro runs. */
    boolean hasWriter() {
        return writer != null;
    }

    /** True while a reader coro runs. */
    boolean hasReader() {
        return reader != null;
    }

    /** True while the reader holds a buffer. */
    boolean holdsReadBuffer() {
        return in != null;
    }

    /** Counts a read or a write batch; past {@link #BUSY_ACTIVITY} in an interval the connection is busy. */
    private void active() {
        if (++activity > BUSY_ACTIVITY) {
            idle = false;
        }
    }

    /** Closes the connection (idempotent): the handler fails its calls with {@code why}. */
    void close(RpcException why) {
        if (closedBecause != null) {
            return;
        }
        closedBecause = why;
        stats.openConnections.decrement(); // every connection is started as soon as it is made
        if (writer != null) {
            outgoing.push(STOP);
        }
        try {
            conn.close();
        } catch (IOException ignored) {
            // closing a socket that failed: nothing more to learn
        }
        keepalive.cancel();
        handler.onClosed(why);
    }

    /** The reader; {@code readable}: spawned by the socket's readiness, so it reads before anything else. */
    private void readLoop(boolean readable) {
        try {
            while (closedBecause == null) {
                if (!readable && in == null && idle && conn instanceof Sock sock) {
                    // nothing pending: no coro waits, the socket's readiness starts the next reader
                    sock.whenReadable(loop, this::resumeReading);
                    reader = null;
                    return;
                }
                readable = false;
                int n = in == null ? readFirst() : readMore();
                if (n == 0) {
                    continue; // a busy reader told to let go of its empty buffer
                }
                lastHeard = loop.clock().nanoTime();
                active();
                for (Frame f; closedBecause == null && (f = decoder.next(in)) != null; ) {
                    handler.onFrame(this, f);
                }
                in.compact();
                if (idle && in.pendingBytes() == 0) {
                    releaseReadBuffer();
                }
            }
        } catch (ProtocolError e) {
            close(new RpcException(StatusCode.INTERNAL, "protocol error from " + label + ": " + e.getMessage(), e));
        } catch (IOException e) {
            close(new RpcException(StatusCode.UNAVAILABLE, "connection to " + label + " lost: " + e.getMessage(), e));
        } catch (Interrupted e) {
            close(new RpcException(StatusCode.UNAVAILABLE, "connection to " + label + " closed"));
        } catch (RuntimeException e) {
            close(new RpcException(StatusCode.INTERNAL, "bug serving " + label + ": " + e, e));
            throw e;
        } finally {
            releaseReadBuffer();
        }
    }

    /** The readiness action of an idle plain socket: the next burst gets its reader. */
    private void resumeReading() {
        if (closedBecause == null && reader == null) {
            reader = loop.spawn("rpc-reader " + label, () -> readLoop(true));
        }
    }

    /** Waits holding no buffer, then puts what came into a new one sized for it (or for a busy connection). */
    private int readFirst() throws IOException {
        byte[] got = conn.recv(READ_SIZE);
        if (got.length == 0) {
            throw new IOException("the peer closed the connection");
        }
        in = new FrameBuffer(idle ? got.length : Math.max(got.length, BUSY_BUFFER));
        in.room(got.length).put(got);
        in.commit(got.length);
        return got.length;
    }

    /** Reads into the held buffer; 0 if told to let go of it (an idle connection, nothing pending). */
    private int readMore() throws IOException {
        int n;
        try {
            n = conn.recvInto(in.room(READ_SIZE));
        } catch (Interrupted e) {
            if (e.reason() != TRIM) {
                throw e;
            }
            releaseReadBuffer();
            return 0;
        }
        if (n < 0) {
            throw new IOException("the peer closed the connection");
        }
        in.commit(n);
        return n;
    }

    private void releaseReadBuffer() {
        if (in != null) {
            in.release();
            in = null;
        }
    }

    private void writeLoop() {
        FrameBuffer out = new FrameBuffer(idle ? 1 << 10 : BUSY_BUFFER);
        try {
            while (true) {
                List<Out> batch = outgoing.popAll();
                boolean stop = false;
                for (Out o : batch) {
                    if (o == STOP) {
                        stop = true;
                        break;
                    }
                    if (o != WAKE) {
                        encode(out, o);
                    }
                }
                if (stop || closedBecause != null) {
                    return;
                }
                if (out.pendingBytes() > 0) {
                    active();
                    conn.sendAll(out.pending());
                    out.consume((int) out.pendingBytes());
                    out.compact();
                }
                if (idle && outgoing.isEmpty()) {
                    return; // nothing more to send: the writer and its buffer go until the next frame
                }
            }
        } catch (IOException e) {
            close(new RpcException(StatusCode.UNAVAILABLE, "writing to " + label + " failed: " + e.getMessage(), e));
        } catch (Interrupted e) {
            close(new RpcException(StatusCode.UNAVAILABLE, "connection to " + label + " closed"));
        } finally {
            writer = null;
            out.release();
        }
    }

    private static void encode(FrameBuffer out, Out o) {
        switch (o.kind()) {
            case FrameKind.CREDIT -> FrameEncoder.writeCredit(out, o.callId(), o.number(), o.bytes());
            case FrameKind.PING, FrameKind.PONG -> FrameEncoder.writeLong(out, o.callId(), o.kind(), o.number());
            default -> FrameEncoder.write(out, o.callId(), o.kind(), o.flags(), o.message());
        }
    }

    /**
     * The keepalive, a timer rather than a coro (an idle connection then holds two parked coros, not
     * three): pings when nothing was heard for an interval, closes (from a coro) after the timeout.
     */
    private void keepaliveTick() {
        if (closedBecause != null) {
            return;
        }
        long silent = loop.clock().nanoTime() - lastHeard;
        if (silent >= config.keepaliveTimeout().toNanos()) {
            RpcException why = new RpcException(StatusCode.UNAVAILABLE, "connection to " + label + " silent for "
                    + Duration.ofNanos(silent).toMillis() + " ms (keepalive timeout "
                    + config.keepaliveTimeout().toMillis() + " ms)");
            loop.spawn("rpc-keepalive " + label, () -> close(why));
            return;
        }
        if (activity <= BUSY_ACTIVITY) {
            turnIdle();
        }
        activity = 0;
        if (silent >= config.keepaliveInterval().toNanos()) {
            sendNumber(0, FrameKind.PING, loop.clock().nanoTime());
        }
        keepalive = loop.schedule(config.keepaliveInterval(), this::keepaliveTick);
    }

    /**
     * Light traffic for a whole interval: a parked writer ends (woken with nothing to send) and a
     * reader waiting with an empty buffer lets go of it (interrupted out of its wait, before any byte
     * is read).
     */
    void turnIdle() {
        if (idle) {
            return;
        }
        idle = true;
        if (writer != null && outgoing.isEmpty()) {
            outgoing.push(WAKE);
        }
        if (in != null && in.pendingBytes() == 0 && reader != null && reader.state() == Coro.State.WAITING) {
            reader.interrupt(TRIM);
        }
    }

    /** Answers a PING; any frame already counts as a sign of life. */
    void onPing(Frame f) throws ProtocolError {
        sendNumber(0, FrameKind.PONG, FrameEncoder.readLong(f.payload()));
    }

    @Override
    public String toString() {
        return "rpc connection " + label + (closedBecause == null ? "" : " (closed: " + closedBecause.getMessage() + ")");
    }
}
