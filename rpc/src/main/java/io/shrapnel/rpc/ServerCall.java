package io.shrapnel.rpc;

import com.google.protobuf.MessageLite;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Interrupted;
import io.shrapnel.kernel.TimeoutError;
import io.shrapnel.rpc.ServiceDefinition.BidiHandler;
import io.shrapnel.rpc.ServiceDefinition.ClientStreamingHandler;
import io.shrapnel.rpc.ServiceDefinition.ServerStreamingHandler;
import io.shrapnel.rpc.ServiceDefinition.UnaryHandler;
import io.shrapnel.rpc.internal.FrameKind;
import java.time.Duration;

/**
 * A call as the server serves it: its own coro, named {@code rpc:<Service>/<method>}, runs the
 * handler under {@code withTimeout} when the client sent a deadline, then sends the status. A
 * CANCEL from the client, or the connection's end, interrupts the coro; a handler that ignores it
 * still has its results dropped.
 *
 * <p>Threading: the connection's loop.
 */
final class ServerCall<Req extends MessageLite, Resp extends MessageLite> implements Requests<Req>, StreamSender<Resp> {
    private final ServerSide side;
    final long id;
    private final Method<Req, Resp> method;
    private final Object handler;
    private final RpcContext context;
    final Inbound<Req> inbound;
    final Credits credits = new Credits();
    private Coro coro;
    /** The call can no longer send: cancelled by the client or its connection is gone. */
    private RpcException gone;

    ServerCall(ServerSide side, long id, ServiceDefinition.Entry entry, RpcContext context) {
        this.side = side;
        this.id = id;
        @SuppressWarnings("unchecked")
        Method<Req, Resp> m = (Method<Req, Resp>) entry.method();
        this.method = m;
        this.handler = entry.handler();
        this.context = context;
        this.inbound = new Inbound<>(m.requestParser(), m.fullName() + " request",
                (n, bytes) -> side.connection.sendCredit(id, n, bytes));
    }

    void start() {
        coro = side.connection.loop.spawn("rpc:" + method.fullName(), this::run);
    }

    /** The client cancelled, or the connection is lost: stop the handler. */
    void stop(RpcException why) {
        if (gone == null) {
            gone = why;
            credits.fail(why);
            inbound.terminate(why);
            // a coro that has not run yet sees gone when it starts (an interrupt would be NotStartedError)
            if (coro != null && coro.isStarted() && !coro.isDead() && coro != Coro.current()) {
                coro.interrupt(why);
            }
        }
    }

    private void run() {
        RpcContext.CURRENT.set(context);
        StatusCode code = StatusCode.OK;
        String message = "";
        Metadata trailers = Metadata.EMPTY;
        try {
            if (gone != null) {
                return; // cancelled before it ran
            }
            if (context.hasDeadline()) {
                Coro.withTimeout(Duration.ofNanos(context.deadline() - side.connection.loop.clock().nanoTime()),
                        this::invoke);
            } else {
                invoke();
            }
        } catch (TimeoutError e) {
            code = StatusCode.DEADLINE_EXCEEDED;
            message = method.fullName() + ": deadline exceeded on the server";
        } catch (Interrupted e) {
            if (gone == null) {
                throw e; // a shutdown of the server: not ours to turn into a status
            }
            code = gone.code();
        } catch (RpcException e) {
            code = e.code();
            message = e.description();
            trailers = e.trailers();
        } catch (Exception e) {
            code = StatusCode.UNKNOWN;
            message = e.toString();
        } finally {
            side.finished(this, code, message, trailers, gone == null);
        }
    }

    @SuppressWarnings("unchecked")
    private Void invoke() throws Exception {
        switch (method.kind()) {
            case UNARY -> sendOnly(((UnaryHandler<Req, Resp>) handler).handle(single()));
            case SERVER_STREAMING -> ((ServerStreamingHandler<Req, Resp>) handler).handle(single(), this);
            case CLIENT_STREAMING -> sendOnly(((ClientStreamingHandler<Req, Resp>) handler).handle(this));
            case BIDI -> ((BidiHandler<Req, Resp>) handler).handle(this, this);
        }
        return null;
    }

    private Req single() throws RpcException {
        Req only = receive();
        if (only == null) {
            throw new RpcException(StatusCode.INTERNAL, method.fullName() + " got no request message");
        }
        return only;
    }

    private void sendOnly(Resp response) throws RpcException {
        if (response == null) {
            throw new RpcException(StatusCode.INTERNAL, method.fullName() + "'s handler returned null");
        }
        send(response);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Req receive() throws RpcException {
        Object o = inbound.take();
        if (o == Inbound.END) {
            return null;
        }
        if (o instanceof RpcException e) {
            throw e;
        }
        return (Req) o;
    }

    @Override
    public void send(Resp message) throws RpcException {
        int size = message.getSerializedSize();
        if (size > side.connection.config.maxMessageSize()) {
            throw new RpcException(StatusCode.RESOURCE_EXHAUSTED, "response of " + size
                    + " bytes is over the maximum message size of " + side.connection.config.maxMessageSize());
        }
        credits.acquire(size);
        side.connection.send(id, FrameKind.MESSAGE, 0, message);
        RpcStats.SERVER.of(method.fullName()).bytesOut.add(size);
    }

    String methodName() {
        return method.fullName();
    }
}
