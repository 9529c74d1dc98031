package io.shrapnel.rpc;

import com.google.protobuf.MessageLite;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Interrupted;
import io.shrapnel.kernel.TimeoutError;
import io.shrapnel.rpc.internal.FrameKind;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * A call as the client sees it, for all four kinds. The reader coro delivers responses and the
 * final status into {@link #inbound}; the caller's coro sends and receives. Every wait is bounded by
 * the call's deadline; when it passes, or when the caller's coro is interrupted while waiting, the
 * call is cancelled (a CANCEL frame interrupts the server's coro).
 *
 * <p>Threading: the channel's loop.
 */
final class ClientCall<Req extends MessageLite, Resp extends MessageLite> implements Call<Req, Resp> {
    private final ClientSide side;
    final long id;
    final Method<Req, Resp> method;
    private final long deadline;
    final Inbound<Resp> inbound;
    final Credits credits = new Credits();
    private boolean halfClosed;
    private boolean ended;

    ClientCall(ClientSide side, long id, Method<Req, Resp> method, long deadline) {
        this.side = side;
        this.id = id;
        this.method = method;
        this.deadline = deadline;
        this.inbound = new Inbound<>(method.responseParser(), method.fullName() + " response",
                (n, bytes) -> side.connection.sendCredit(id, n, bytes));
    }

    /** A response frame arrived (reader coro). */
    void onMessage(ByteBuffer payload) {
        try {
            inbound.deliver(payload);
        } catch (RpcException e) {
            abort(e);
        }
    }

    /** The server ended the call (reader coro). */
    void onClose(RpcException statusOrNull) {
        if (ended) {
            return;
        }
        ended = true;
        side.forget(this);
        side.stats.finished(this, statusOrNull == null ? StatusCode.OK : statusOrNull.code());
        credits.fail(statusOrNull != null ? statusOrNull
                : new RpcException(StatusCode.INTERNAL, "the server ended " + method.fullName() + " before its requests"));
        inbound.terminate(statusOrNull == null ? Inbound.END : statusOrNull);
    }

    /**
     * Ends the call on this side with {@code why} and tells the server to stop; responses that arrived
     * but were not read are dropped, so the next receive throws {@code why}.
     */
    void abort(RpcException why) {
        if (!ended) {
            side.connection.send(id, FrameKind.CANCEL, 0, null);
            inbound.discardQueued();
            onClose(why);
        }
    }

    @Override
    public void send(Req request) throws RpcException {
        if (halfClosed) {
            throw new IllegalStateException(method.fullName() + ": send after halfClose");
        }
        int size = checkSize(request);
        bounded(() -> {
            credits.acquire(size);
            return null;
        });
        side.connection.send(id, FrameKind.MESSAGE, 0, request);
        side.stats.sent(method, size);
    }

    /** Sends the only request of a unary or server-streaming call, with END. */
    void sendOnly(Req request) throws RpcException {
        int size = checkSize(request);
        halfClosed = true;
        side.connection.send(id, FrameKind.MESSAGE, FrameKind.FLAG_END, request);
        side.stats.sent(method, size);
    }

    /** The request's size; a request over the limit cancels the call (RESOURCE_EXHAUSTED). */
    private int checkSize(Req request) throws RpcException {
        int size = request.getSerializedSize();
        int max = side.connection.config.maxMessageSize();
        if (size > max && !ended) {
            RpcException tooBig = new RpcException(StatusCode.RESOURCE_EXHAUSTED,
                    "request of " + size + " bytes is over the maximum message size of " + max);
            abort(tooBig);
            throw tooBig;
        }
        return size;
    }

    @Override
    public void halfClose() {
        if (!halfClosed) {
            halfClosed = true;
            if (!ended) {
                side.connection.send(id, FrameKind.HALF_CLOSE, 0, null);
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Resp receive() throws RpcException {
        Object o = bounded(inbound::take);
        if (o == Inbound.END) {
            return null;
        }
        if (o instanceof RpcException e) {
            throw new RpcException(e.code(), e.description(), e.trailers(), e);
        }
        return (Resp) o;
    }

    @Override
    public Resp finish() throws RpcException {
        halfClose();
        Resp only = receive();
        if (only == null) {
            throw new RpcException(StatusCode.INTERNAL, method.fullName() + " ended without a response");
        }
        if (receive() != null) {
            abort(new RpcException(StatusCode.INTERNAL, "more than one response"));
            throw new RpcException(StatusCode.INTERNAL, method.fullName() + " sent more than one response");
        }
        return only;
    }

    /** Runs a wait of the caller's coro within the deadline; cancels the call if it does not end well. */
    private <T> T bounded(Callable<T> wait) throws RpcException {
        try {
            if (deadline == Long.MAX_VALUE) {
                return wait.call();
            }
            long left = deadline - side.connection.loop.clock().nanoTime();
            if (left <= 0) {
                throw new TimeoutError(Duration.ZERO);
            }
            return Coro.withTimeout(Duration.ofNanos(left), wait);
        } catch (TimeoutError e) {
            RpcException late = new RpcException(StatusCode.DEADLINE_EXCEEDED,
                    method.fullName() + ": deadline exceeded");
            abort(late);
            throw late;
        } catch (Interrupted e) {
            abort(new RpcException(StatusCode.CANCELLED, "the calling coro was interrupted"));
            throw e;
        } catch (RpcException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("unexpected from a wait of " + method.fullName(), e);
        }
    }

    @Override
    public void cancel() {
        abort(new RpcException(StatusCode.CANCELLED, method.fullName() + " cancelled by the client"));
    }

    @Override
    public void close() {
        if (!ended) {
            cancel();
        }
    }

    @Override
    public String toString() {
        return "call " + id + " " + method.fullName() + (ended ? " (ended)" : "");
    }
}
