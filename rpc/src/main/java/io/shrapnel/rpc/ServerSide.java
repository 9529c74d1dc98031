package io.shrapnel.rpc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.shrapnel.rpc.internal.Frame;
import io.shrapnel.rpc.internal.FrameEncoder;
import io.shrapnel.rpc.internal.FrameKind;
import io.shrapnel.rpc.internal.ProtocolError;
import io.shrapnel.rpc.internal.wire.CallHeader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * The server's end of one connection: starts a {@link ServerCall} (and its coro) for each OPEN,
 * routes the client's frames to the calls, and refuses calls past the connection's concurrency
 * limit, for unknown methods, or with metadata over the limit, with a status on that call only.
 *
 * <p>Threading: the connection's loop.
 */
final class ServerSide implements Connection.Handler {
    Connection connection;
    private final Map<String, ServiceDefinition.Entry> methods;
    private final Map<Long, ServerCall<?, ?>> calls = new HashMap<>();

    ServerSide(Map<String, ServiceDefinition.Entry> methods) {
        this.methods = methods;
    }

    @Override
    public void onFrame(Connection c, Frame f) throws IOException {
        switch (f.kind()) {
            case FrameKind.PING -> c.onPing(f);
            case FrameKind.PONG -> { }
            case FrameKind.OPEN -> open(f);
            case FrameKind.MESSAGE, FrameKind.HALF_CLOSE, FrameKind.CANCEL, FrameKind.CREDIT -> onCallFrame(f);
            default -> throw new ProtocolError("a client does not send " + FrameKind.name(f.kind()));
        }
    }

    private void open(Frame f) throws ProtocolError {
        long id = f.callId();
        if (id == 0 || calls.containsKey(id)) {
            throw new ProtocolError("OPEN of call " + id + ", which " + (id == 0 ? "is reserved" : "is open"));
        }
        if (f.oversized()) {
            refuse(id, StatusCode.RESOURCE_EXHAUSTED, "call header of " + f.payloadSize() + " bytes is too large");
            return;
        }
        CallHeader header;
        try {
            header = CallHeader.parseFrom(f.payload());
        } catch (InvalidProtocolBufferException e) {
            throw new ProtocolError("malformed call header: " + e.getMessage());
        }
        ServiceDefinition.Entry entry = methods.get(header.getMethod());
        if (entry == null) {
            refuse(id, StatusCode.UNIMPLEMENTED, "no method " + header.getMethod() + " here");
            return;
        }
        if (calls.size() >= connection.config.maxConcurrentCalls()) {
            refuse(id, StatusCode.RESOURCE_EXHAUSTED, "too many concurrent calls on this connection (limit "
                    + connection.config.maxConcurrentCalls() + ")");
            return;
        }
        Metadata metadata;
        try {
            metadata = Wire.metadata(header.getMetadataList(), connection.config.maxMetadataSize());
        } catch (RpcException e) {
            refuse(id, e.code(), e.description());
            return;
        }
        long deadline = header.getTimeoutMicros() > 0
                ? connection.loop.clock().nanoTime() + Math.min(header.getTimeoutMicros(), Long.MAX_VALUE / 2000) * 1000
                : Long.MAX_VALUE;
        ServerCall<?, ?> call = new ServerCall<>(this, id, entry, new RpcContext(header.getMethod(), metadata, deadline));
        calls.put(id, call);
        RpcStats.SERVER.of(header.getMethod()).started.increment();
        call.start();
    }

    private void refuse(long id, StatusCode code, String message) {
        connection.send(id, FrameKind.CLOSE, 0, Wire.trailer(code, message, Metadata.EMPTY));
    }

    private void onCallFrame(Frame f) throws ProtocolError {
        ServerCall<?, ?> call = calls.get(f.callId());
        if (call == null) {
            return; // the call has ended; the client's late frames are dropped
        }
        if (f.oversized()) {
            RpcException tooBig = new RpcException(StatusCode.RESOURCE_EXHAUSTED, "request of " + f.payloadSize()
                    + " bytes is over the maximum message size of " + connection.config.maxMessageSize());
            call.inbound.terminate(tooBig);
            return;
        }
        switch (f.kind()) {
            case FrameKind.MESSAGE -> {
                RpcStats.SERVER.of(call.methodName()).bytesIn.add(f.payloadSize());
                try {
                    call.inbound.deliver(f.payload());
                } catch (RpcException e) {
                    call.inbound.terminate(e);
                    return;
                }
                if (f.isEnd()) {
                    call.inbound.terminate(Inbound.END);
                }
            }
            case FrameKind.HALF_CLOSE -> call.inbound.terminate(Inbound.END);
            case FrameKind.CREDIT -> {
                long[] credit = FrameEncoder.readCredit(f.payload());
                call.credits.add(credit[0], credit[1]);
            }
            default -> call.stop(new RpcException(StatusCode.CANCELLED, "cancelled by the client"));
        }
    }

    /** The call's coro is ending: send its status (unless the client is gone) and forget it. */
    void finished(ServerCall<?, ?> call, StatusCode code, String message, Metadata trailers, boolean sendStatus) {
        if (calls.remove(call.id) == null) {
            return;
        }
        RpcStats.SERVER.finished(call.methodName(), code);
        if (sendStatus) {
            connection.send(call.id, FrameKind.CLOSE, 0, Wire.trailer(code, message, trailers));
        }
    }

    @Override
    public void onClosed(RpcException why) {
        for (ServerCall<?, ?> call : new ArrayList<>(calls.values())) {
            call.stop(why);
        }
    }
}
