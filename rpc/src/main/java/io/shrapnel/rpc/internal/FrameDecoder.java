package io.shrapnel.rpc.internal;

import java.nio.ByteBuffer;
import net.openhft.chronicle.bytes.Bytes;

/**
 * Cuts frames out of a connection's read buffer (layout in {@link FrameKind}).
 *
 * <p>A frame whose payload is larger than the limit is not buffered: its header is returned as an
 * {@code oversized} frame (so the call concerned can be failed with RESOURCE_EXHAUSTED) and its
 * payload bytes are discarded as they arrive. Anything that breaks the framing (a length above
 * 2^31 - 1, a varint that does not end, a header longer than its frame, an unknown kind) is a
 * {@link ProtocolError}: nothing after it can be trusted.
 *
 * <p>Threading: used by the connection's reader coro only.
 */
public final class FrameDecoder {
    private final int maxPayload;
    private final int[] size = new int[1];
    /** Payload bytes of an oversized frame still to discard. */
    private long skipping;

    public FrameDecoder(int maxPayload) {
        this.maxPayload = maxPayload;
    }

    /**
     * The next frame among {@code in}'s readable bytes (it advances past it), or null if more bytes
     * are needed. A returned frame's payload is valid until the buffer changes.
     */
    public Frame next(FrameBuffer buffer) throws ProtocolError {
        Bytes<ByteBuffer> in = buffer.bytes();
        if (skipping > 0) {
            long n = Math.min(skipping, in.readRemaining());
            in.readSkip(n);
            skipping -= n;
            if (skipping > 0) {
                return null;
            }
        }
        long start = in.readPosition();
        long limit = in.readLimit();
        long length = Varint.read(in, start, limit, 5, size);
        if (length == Varint.INCOMPLETE) {
            return null;
        }
        if (length > Integer.MAX_VALUE) {
            throw new ProtocolError("frame length " + length + " is above 2^31 - 1");
        }
        long body = start + size[0];
        long end = body + length;
        long headerLimit = Math.min(limit, end);
        long p = body;
        long callId = Varint.read(in, p, headerLimit, 10, size);
        if (callId == Varint.INCOMPLETE) {
            return incompleteHeader(limit, end);
        }
        p += size[0];
        long kind = Varint.read(in, p, headerLimit, 5, size);
        if (kind == Varint.INCOMPLETE) {
            return incompleteHeader(limit, end);
        }
        p += size[0];
        long flags = Varint.read(in, p, headerLimit, 5, size);
        if (flags == Varint.INCOMPLETE) {
            return incompleteHeader(limit, end);
        }
        p += size[0];
        if (kind < 1 || kind > FrameKind.MAX) {
            throw new ProtocolError("unknown frame kind " + kind + " (call " + callId + ")");
        }
        if (flags > 0xff) {
            throw new ProtocolError("frame flags " + flags + " out of range (call " + callId + ")");
        }
        int payloadSize = (int) (end - p);
        if (payloadSize > maxPayload) {
            in.readPosition(p);
            skipping = payloadSize;
            long n = Math.min(skipping, in.readRemaining());
            in.readSkip(n);
            skipping -= n;
            return new Frame(callId, (int) kind, (int) flags, null, payloadSize, true);
        }
        if (limit < end) {
            return null;
        }
        ByteBuffer payload = in.underlyingObject().duplicate();
        payload.limit((int) end).position((int) p);
        in.readPosition(end);
        return new Frame(callId, (int) kind, (int) flags, payload, payloadSize, false);
    }

    private static Frame incompleteHeader(long limit, long end) throws ProtocolError {
        if (limit >= end) {
            throw new ProtocolError("frame header runs past the frame's length");
        }
        return null;
    }

    /** True while the payload of an oversized frame is being discarded. */
    public boolean skipping() {
        return skipping > 0;
    }
}
