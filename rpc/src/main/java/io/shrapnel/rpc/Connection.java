package io.shrapnel.rpc;

import com.google.protobuf.MessageLite;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Fifo;
import io.shrapnel.kernel.Interrupted;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.net.Conn;
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
 * One connection between two nodes, carrying many calls. Two coros and a timer serve it:
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

    final Conn conn;
    final RpcConfig config;
    final Scheduler loop;
    private final Handler handler;
    private final String label;
    private final RpcStats stats;
    private final Fifo<Out> outgoing = new Fifo<>();
    private Coro reader;
    private Coro writer;
    private Scheduler.Cancellable keepalive;
    private RpcException closedBecause;
    private long lastHeard;
    private long bytesIn;
    private long bytesOut;

    Connection(Conn conn, RpcConfig config, Handler handler, String label, RpcStats stats) {
        this.conn = conn;
        this.stats = stats;
        this.config = config;
        this.handler = handler;
        this.label = label;
        this.loop = Scheduler.current();
        if (loop == null) {
            throw new IllegalStateException("an rpc connection is made from a coro (its loop serves it)");
        }
    }

    void start() {
        stats.openConnections.increment();
        lastHeard = loop.clock().nanoTime();
        reader = loop.spawn("rpc-reader " + label, this::readLoop);
        writer = loop.spawn("rpc-writer " + label, this::writeLoop);
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
        if (closedBecause == null) {
            outgoing.push(new Out(callId, kind, flags, message, 0, 0));
        }
    }

    void sendNumber(long callId, int kind, long number) {
        if (closedBecause == null) {
            outgoing.push(new Out(callId, kind, 0, null, number, 0));
        }
    }

    /** Queues a CREDIT frame: the peer may send {@code messages} and {@code bytes} more on the call. */
    void sendCredit(long callId, long messages, long bytes) {
        if (closedBecause == null) {
            outgoing.push(new Out(callId, FrameKind.CREDIT, 0, null, messages, bytes));
        }
    }

    /** Closes the connection (idempotent): the handler fails its calls with {@code why}. */
    void close(RpcException why) {
        if (closedBecause != null) {
            return;
        }
        closedBecause = why;
        if (reader != null) { // started: counted as open
            stats.openConnections.decrement();
        }
        outgoing.push(STOP);
        try {
            conn.close();
        } catch (IOException ignored) {
            // closing a socket that failed: nothing more to learn
        }
        if (keepalive != null) {
            keepalive.cancel();
        }
        handler.onClosed(why);
    }

    long bytesIn() {
        return bytesIn;
    }

    long bytesOut() {
        return bytesOut;
    }

    private void readLoop() {
        FrameBuffer in = new FrameBuffer(64 << 10);
        FrameDecoder decoder = new FrameDecoder(config.maxMessageSize());
        try {
            while (closedBecause == null) {
                int n = conn.recvInto(in.room(16 << 10));
                if (n < 0) {
                    throw new IOException("the peer closed the connection");
                }
                in.commit(n);
                bytesIn += n;
                lastHeard = loop.clock().nanoTime();
                for (Frame f; closedBecause == null && (f = decoder.next(in)) != null; ) {
                    handler.onFrame(this, f);
                }
                in.compact();
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
            in.release();
        }
    }

    private void writeLoop() {
        FrameBuffer out = new FrameBuffer(64 << 10);
        try {
            while (true) {
                List<Out> batch = outgoing.popAll();
                boolean stop = false;
                for (Out o : batch) {
                    if (o == STOP) {
                        stop = true;
                        break;
                    }
                    encode(out, o);
                }
                if (stop || closedBecause != null) {
                    return;
                }
                bytesOut += out.pendingBytes();
                conn.sendAll(out.pending());
                out.consume((int) out.pendingBytes());
                out.compact();
            }
        } catch (IOException e) {
            close(new RpcException(StatusCode.UNAVAILABLE, "writing to " + label + " failed: " + e.getMessage(), e));
        } catch (Interrupted e) {
            close(new RpcException(StatusCode.UNAVAILABLE, "connection to " + label + " closed"));
        } finally {
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
        if (silent >= config.keepaliveInterval().toNanos()) {
            sendNumber(0, FrameKind.PING, loop.clock().nanoTime());
        }
        keepalive = loop.schedule(config.keepaliveInterval(), this::keepaliveTick);
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
