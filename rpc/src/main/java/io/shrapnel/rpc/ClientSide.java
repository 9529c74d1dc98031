package io.shrapnel.rpc;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.shrapnel.kernel.ConditionVariable;
import io.shrapnel.rpc.internal.Frame;
import io.shrapnel.rpc.internal.FrameEncoder;
import io.shrapnel.rpc.internal.FrameKind;
import io.shrapnel.rpc.internal.ProtocolError;
import io.shrapnel.rpc.internal.wire.CallHeader;
import io.shrapnel.rpc.internal.wire.Trailer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * The client's end of one connection: opens calls (at most {@code maxConcurrentCalls} at once; more
 * callers park until one ends) and routes the server's frames to them.
 *
 * <p>Threading: the connection's loop.
 */
final class ClientSide implements Connection.Handler {
    Connection connection;
    final RpcStats stats;
    private final Map<Long, ClientCall<?, ?>> calls = new HashMap<>();
    private final ConditionVariable<Object> slotFreed = new ConditionVariable<>();
    private long nextId = 1;

    ClientSide(RpcStats stats) {
        this.stats = stats;
    }

    /** Opens a call: registers it and queues its OPEN frame. Parks while the connection is at its limit. */
    <Q extends MessageLite, R extends MessageLite> ClientCall<Q, R> open(
            Method<Q, R> method, CallOptions options, long deadline) throws RpcException {
        Wire.checkSize(options.metadata(), connection.config.maxMetadataSize());
        while (connection.isOpen() && calls.size() >= connection.config.maxConcurrentCalls()) {
            slotFreed.await();
        }
        RpcException closed = connection.closedBecause();
        if (closed != null) {
            throw new RpcException(closed.code(), closed.description(), closed);
        }
        ClientCall<Q, R> call = new ClientCall<>(this, nextId++, method, deadline);
        calls.put(call.id, call);
        CallHeader.Builder header = CallHeader.newBuilder().setMethod(method.fullName());
        if (deadline != Long.MAX_VALUE) {
            long micros = Math.max(1, (deadline - connection.loop.clock().nanoTime()) / 1000);
            header.setTimeoutMicros(micros);
        }
        Wire.addMetadata(options.metadata(), header::addMetadata);
        connection.send(call.id, FrameKind.OPEN, 0, header.build());
        stats.started(method);
        return call;
    }

    void forget(ClientCall<?, ?> call) {
        if (calls.remove(call.id) != null && slotFreed.size() > 0) {
            slotFreed.wakeOne(null);
        }
    }

    int inFlight() {
        return calls.size();
    }

    @Override
    public void onFrame(Connection c, Frame f) throws IOException {
        switch (f.kind()) {
            case FrameKind.PING -> c.onPing(f);
            case FrameKind.PONG -> { }
            case FrameKind.MESSAGE, FrameKind.CLOSE, FrameKind.CREDIT -> onCallFrame(f);
            default -> throw new ProtocolError("a server does not send " + FrameKind.name(f.kind()));
        }
    }

    private void onCallFrame(Frame f) throws ProtocolError {
        ClientCall<?, ?> call = calls.get(f.callId());
        if (call == null) {
            return; // a call we cancelled or timed out: its late frames are dropped
        }
        if (f.oversized()) {
            call.abort(new RpcException(StatusCode.RESOURCE_EXHAUSTED, "response of " + f.payloadSize()
                    + " bytes is over the maximum message size of " + connection.config.maxMessageSize()));
            return;
        }
        switch (f.kind()) {
            case FrameKind.MESSAGE -> {
                stats.received(call, f.payloadSize());
                call.onMessage(f.payload());
            }
            case FrameKind.CREDIT -> {
                long[] credit = FrameEncoder.readCredit(f.payload());
                call.credits.add(credit[0], credit[1]);
            }
            default -> call.onClose(status(f));
        }
    }

    private static RpcException status(Frame f) {
        Trailer t;
        try {
            t = Trailer.parseFrom(f.payload());
        } catch (InvalidProtocolBufferException e) {
            return new RpcException(StatusCode.INTERNAL, "malformed status from the server: " + e.getMessage(), e);
        }
        StatusCode code = StatusCode.of(t.getCode());
        if (code == StatusCode.OK) {
            return null;
        }
        try {
            return new RpcException(code, t.getMessage(), Wire.metadata(t.getMetadataList(), Integer.MAX_VALUE), null);
        } catch (RpcException cannotHappen) {
            throw new AssertionError(cannotHappen);
        }
    }

    @Override
    public void onClosed(RpcException why) {
        for (ClientCall<?, ?> call : new ArrayList<>(calls.values())) {
            call.onClose(why);
        }
        if (slotFreed.size() > 0) {
            slotFreed.wakeAll(null);
        }
    }
}
