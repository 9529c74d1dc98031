package io.shrapnel.codecs.amqp.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growing big-endian buffer for AMQP's primitive types.
 *
 * <p>Threading: one coro at a time.
 */
public final class WireWriter {
    private byte[] buf;
    private int pos;

    public WireWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    public int position() {
        return pos;
    }

    private void room(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }

    public WireWriter octet(int v) {
        room(1);
        buf[pos++] = (byte) v;
        return this;
    }

    public WireWriter shortInt(int v) {
        room(2);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
        return this;
    }

    public WireWriter longInt(long v) {
        room(4);
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
        return this;
    }

    public WireWriter longLong(long v) {
        longInt(v >>> 32);
        return longInt(v);
    }

    /** Overwrites the 4 bytes at {@code at} (a length written before its content was known). */
    public void patchLongInt(int at, long v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    public WireWriter bytes(byte[] b, int off, int len) {
        room(len);
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
        return this;
    }

    public WireWriter bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    public WireWriter shortStr(String s) {
        byte[] b = (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
        if (b.length > 255) {
            throw new IllegalArgumentException("an AMQP short string is at most 255 bytes of UTF-8, not "
                    + b.length + ": " + s.substring(0, 40) + "...");
        }
        octet(b.length);
        return bytes(b);
    }

    public WireWriter longStr(byte[] b) {
        longInt(b.length);
        return bytes(b);
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }
}
