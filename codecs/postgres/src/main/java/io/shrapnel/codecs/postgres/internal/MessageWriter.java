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
    /** {@link #buf} as a buffer for sending, made again only when the array is replaced. */
    private ByteBuffer view = ByteBuffer.wrap(buf);
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
        utf8(s);
        return int8(0);
    }

    /**
     * A length-prefixed text value (int32 length, then its UTF-8 bytes), written straight into the
     * buffer: the length is filled in after the text.
     */
    public MessageWriter textValue(String s) {
        ensure(4);
        int at = pos;
        pos += 4;
        utf8(s);
        putInt(at, pos - at - 4);
        return this;
    }

    /** A length-prefixed integer in text form (its decimal digits), with no String on the way. */
    public MessageWriter decimalValue(long v) {
        ensure(24); // length, sign and 19 digits
        int at = pos;
        pos += 4;
        if (v < 0) {
            buf[pos++] = '-';
        } else {
            v = -v; // digits taken from the negative value, so Long.MIN_VALUE needs no special case
        }
        int digits = 1;
        for (long rest = v / 10; rest != 0; rest /= 10) {
            digits++;
        }
        for (int i = pos + digits - 1; i >= pos; i--) {
            buf[i] = (byte) ('0' - (v % 10));
            v /= 10;
        }
        pos += digits;
        putInt(at, pos - at - 4);
        return this;
    }

    /** The UTF-8 bytes of {@code s}: ASCII is copied char by char, anything else encoded by the JDK. */
    private void utf8(String s) {
        int n = s.length();
        ensure(n);
        int p = pos;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                bytes(s.getBytes(StandardCharsets.UTF_8));
                return;
            }
            buf[p + i] = (byte) c;
        }
        pos = p + n;
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
        if (view.array() != buf) {
            view = ByteBuffer.wrap(buf);
        }
        return view.limit(pos).position(0);
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
