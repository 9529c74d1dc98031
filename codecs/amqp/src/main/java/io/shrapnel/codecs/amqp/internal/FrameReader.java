package io.shrapnel.codecs.amqp.internal;

import io.shrapnel.codecs.amqp.AmqpProtocolException;
import io.shrapnel.net.Conn;
import io.shrapnel.net.EofError;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads frames from a connection through one buffer. Checks the frame type, that the size is within
 * the negotiated frame max, and that the frame ends in 0xCE; a frame past the limit is refused
 * before its payload is read, so a hostile size cannot make it allocate.
 *
 * <p>Threading: the connection's reader coro only.
 */
public final class FrameReader {
    static final int FRAME_ERROR = 501;

    private final Conn conn;
    private final ByteBuffer buf;
    private volatile int frameMax;

    public FrameReader(Conn conn, int frameMax) {
        this.conn = conn;
        this.frameMax = frameMax;
        this.buf = ByteBuffer.allocate(64 * 1024).flip();
    }

    /** The largest frame (payload plus 8) accepted from now on. */
    public void frameMax(int frameMax) {
        this.frameMax = frameMax;
    }

    private void fill(int n) throws IOException {
        if (buf.remaining() >= n) {
            return;
        }
        buf.compact();
        try {
            while (buf.position() < n) {
                if (conn.recvInto(buf) < 0) {
                    throw new EofError(n, new byte[0]);
                }
            }
        } finally {
            buf.flip();
        }
    }

    /** The next frame; an {@link EofError} if the broker closed the stream. */
    public Frame next() throws IOException {
        fill(7);
        int type = buf.get() & 0xFF;
        int channel = buf.getShort() & 0xFFFF;
        long size = buf.getInt() & 0xFFFF_FFFFL;
        if (type != Frame.METHOD && type != Frame.HEADER && type != Frame.BODY && type != Frame.HEARTBEAT) {
            throw new AmqpProtocolException(FRAME_ERROR, "unknown frame type " + type + " on channel " + channel);
        }
        if (size > frameMax - Frame.OVERHEAD) {
            throw new AmqpProtocolException(FRAME_ERROR, "frame of " + size + " bytes on channel " + channel
                    + " is larger than the frame max of " + frameMax + " (payload up to " + (frameMax - Frame.OVERHEAD) + ")");
        }
        byte[] payload = new byte[(int) size];
        int got = 0;
        while (got < size) {
            if (!buf.hasRemaining()) {
                fill(1);
            }
            int n = Math.min(buf.remaining(), payload.length - got);
            buf.get(payload, got, n);
            got += n;
        }
        fill(1);
        int end = buf.get() & 0xFF;
        if (end != Frame.END) {
            throw new AmqpProtocolException(FRAME_ERROR, "frame on channel " + channel + " ends in 0x"
                    + Integer.toHexString(end) + ", not 0xce");
        }
        return new Frame(type, channel, payload);
    }
}
