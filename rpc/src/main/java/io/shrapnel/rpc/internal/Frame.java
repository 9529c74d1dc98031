package io.shrapnel.rpc.internal;

import java.nio.ByteBuffer;

/**
 * A decoded frame. {@code payload} is a read-only view into the connection's read buffer, valid only
 * until the decoder is asked for the next frame: parse it (or copy it) at once. {@code oversized}
 * frames carry no payload (their bytes are skipped): the call concerned gets RESOURCE_EXHAUSTED.
 *
 * @param payloadSize the payload's size as announced (also for an oversized frame)
 */
public record Frame(long callId, int kind, int flags, ByteBuffer payload, int payloadSize, boolean oversized) {
    public boolean isEnd() {
        return (flags & FrameKind.FLAG_END) != 0;
    }

    @Override
    public String toString() {
        return FrameKind.name(kind) + "(call " + callId + ", flags " + flags + ", " + payloadSize + " B"
                + (oversized ? ", oversized" : "") + ")";
    }
}
