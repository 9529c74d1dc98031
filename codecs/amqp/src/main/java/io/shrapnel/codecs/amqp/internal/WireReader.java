package io.shrapnel.codecs.amqp.internal;

import io.shrapnel.codecs.amqp.AmqpProtocolException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Reads AMQP's big-endian primitives from one frame's payload; every read checks the bounds and
 * fails with a syntax error (502) that says what was cut short and where.
 *
 * <p>Threading: one coro at a time.
 */
public final class WireReader {
    static final int SYNTAX_ERROR = 502;

    private final byte[] buf;
    private final int end;
    private int pos;

    public WireReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public WireReader(byte[] buf, int off, int end) {
        this.buf = buf;
        this.pos = off;
        this.end = end;
    }

    public int position() {
        return pos;
    }

    public int remaining() {
        return end - pos;
    }

    private void need(int n, String what) throws AmqpProtocolException {
        if (n > end - pos) {
            throw new AmqpProtocolException(SYNTAX_ERROR, what + " of " + n + " bytes at offset " + pos
                    + " runs past the end of its frame (" + (end - pos) + " bytes left)");
        }
    }

    public int octet() throws AmqpProtocolException {
        need(1, "an octet");
        return buf[pos++] & 0xFF;
    }

    public int shortInt() throws AmqpProtocolException {
        need(2, "a short");
        int v = (buf[pos] & 0xFF) << 8 | buf[pos + 1] & 0xFF;
        pos += 2;
        return v;
    }

    public long longInt() throws AmqpProtocolException {
        need(4, "a long");
        long v = (long) (buf[pos] & 0xFF) << 24 | (buf[pos + 1] & 0xFF) << 16 | (buf[pos + 2] & 0xFF) << 8
                | buf[pos + 3] & 0xFF;
        pos += 4;
        return v;
    }

    public long longLong() throws AmqpProtocolException {
        long hi = longInt();
        return hi << 32 | longInt();
    }

    /** A timestamp: seconds since the epoch, refused if no {@link Instant} can hold it. */
    public Instant timestamp() throws AmqpProtocolException {
        long seconds = longLong();
        if (seconds < Instant.MIN.getEpochSecond() || seconds > Instant.MAX.getEpochSecond()) {
            throw new AmqpProtocolException(SYNTAX_ERROR, "timestamp of " + seconds + " s at offset " + (pos - 8)
                    + " is out of range");
        }
        return Instant.ofEpochSecond(seconds);
    }

    public String shortStr() throws AmqpProtocolException {
        int n = octet();
        need(n, "a short string");
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    public byte[] longStr() throws AmqpProtocolException {
        WireReader s = slice(longInt(), "a long string");
        return java.util.Arrays.copyOfRange(buf, s.pos, s.end);
    }

    /** A reader over the next {@code n} bytes, which this reader skips. */
    public WireReader slice(long n, String what) throws AmqpProtocolException {
        if (n > remaining()) {
            throw new AmqpProtocolException(SYNTAX_ERROR, what + " of " + n + " bytes at offset " + pos
                    + " runs past the end of its frame (" + remaining() + " bytes left)");
        }
        WireReader r = new WireReader(buf, pos, pos + (int) n);
        pos += (int) n;
        return r;
    }
}
