package io.shrapnel.codecs.postgres.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds frontend messages back to back in one growing byte array, so a whole pipeline goes out
 * in one write: {@code begin('Q').cstring(sql).end()}.
 *
 * <p>Threading: owned by the coro writing the connection.
 */
public final class MessageWriter {
    private byte[] buf = new byte[4096];
    private int pos;
    private int lengthAt = -1;

    /** Starts a message with a type byte. */
    public MessageWriter begin(char type) {
        ensure(5);
        buf[pos++] = (byte) type;
        return beginUntyped();
    }

    /** Starts a message without a type byte (StartupMessage, SSLRequest, CancelRequest). */
    public MessageWriter beginUntyped() {
        ensure(4);
        lengthAt = pos;
        pos += 4;
        return this;
    }

    /** Ends the message: writes its length. */
    public MessageWriter end() {
        putInt(lengthAt, pos - lengthAt);
        lengthAt = -1;
        return this;
    }

    public MessageWriter int8(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
        return this;
    }

    public MessageWriter int16(int v) {
        ensure(2);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
        return this;
    }

    public MessageWriter int32(int v) {
        ensure(4);
        putInt(pos, v);
        pos += 4;
        return this;
    }

    /** A NUL-terminated UTF-8 string; a NUL inside is refused (it would end the string early). */
    public MessageWriter cstring(String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a string sent to PostgreSQL cannot contain a NUL character");
        }
        bytes(s.getBytes(StandardCharsets.UTF_8));
        return int8(0);
    }

    public MessageWriter bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    public MessageWriter bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
        return this;
    }

    /** A length-prefixed value (int32 length, then the bytes); null as length -1. */
    public MessageWriter value(byte[] b) {
        if (b == null) {
            return int32(-1);
        }
        int32(b.length);
        return bytes(b);
    }

    public boolean isEmpty() {
        return pos == 0;
    }

    public int size() {
        return pos;
    }

    /** What was written, as a buffer to send; {@link #clear()} after sending. */
    public ByteBuffer buffer() {
        return ByteBuffer.wrap(buf, 0, pos);
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    public void clear() {
        pos = 0;
        if (buf.length > 1 << 20) {
            buf = new byte[4096]; // do not keep a huge COPY or bind buffer for the connection's life
        }
    }

    private void putInt(int at, int v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    private void ensure(int n) {
        if (buf.length - pos < n) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }
}
