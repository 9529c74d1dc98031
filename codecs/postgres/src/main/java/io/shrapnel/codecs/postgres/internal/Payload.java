package io.shrapnel.codecs.postgres.internal;

import io.shrapnel.codecs.postgres.PgProtocolException;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over the body of one backend message in a byte array, with bounds checks that turn
 * truncated input into {@link PgProtocolException} naming the message.
 *
 * <p>Threading: owned by the coro reading the connection.
 */
public final class Payload {
    private byte[] buf;
    private int end;
    private char type;
    private int pos;

    public Payload(char type, byte[] buf, int off, int len) {
        reset(type, buf, off, len);
    }

    /** Points this cursor at another message (a reader reuses one payload for every message it frames). */
    Payload reset(char type, byte[] buf, int off, int len) {
        this.type = type;
        this.buf = buf;
        this.pos = off;
        this.end = off + len;
        return this;
    }

    public char type() {
        return type;
    }

    public byte[] array() {
        return buf;
    }

    public int position() {
        return pos;
    }

    public int remaining() {
        return end - pos;
    }

    /** Checks that {@code n} bytes are left; {@code what} names the field (null: "a field of n bytes"). */
    private void need(int n, String what) throws PgProtocolException {
        if (n < 0 || end - pos < n) {
            throw truncated(n, what);
        }
    }

    // The message is made only when it is thrown: need() runs for every field of every row.
    private PgProtocolException truncated(int n, String what) {
        return new PgProtocolException("truncated '" + type + "' message from the server: "
                + (what == null ? "a field of " + n + " bytes" : what) + " needs " + n + " bytes, " + (end - pos) + " left");
    }

    public int byte1() throws PgProtocolException {
        need(1, "a byte");
        return buf[pos++] & 0xff;
    }

    public int int16() throws PgProtocolException {
        need(2, "an int16");
        int v = (short) (((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff));
        pos += 2;
        return v;
    }

    public int int32() throws PgProtocolException {
        need(4, "an int32");
        int v = Bytes.int32(buf, pos);
        pos += 4;
        return v;
    }

    /** A NUL-terminated UTF-8 string. */
    public String cstring() throws PgProtocolException {
        for (int i = pos; i < end; i++) {
            if (buf[i] == 0) {
                String s = new String(buf, pos, i - pos, StandardCharsets.UTF_8);
                pos = i + 1;
                return s;
            }
        }
        throw new PgProtocolException("truncated '" + type + "' message from the server: a string has no terminating NUL");
    }

    public byte[] bytes(int n) throws PgProtocolException {
        need(n, null);
        byte[] out = java.util.Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    /** Skips {@code n} bytes, returning where they started. */
    public int skip(int n) throws PgProtocolException {
        need(n, null);
        int at = pos;
        pos += n;
        return at;
    }

    /** The rest as a string (for messages whose last field is not NUL-terminated). */
    public String rest() {
        String s = new String(buf, pos, end - pos, StandardCharsets.UTF_8);
        pos = end;
        return s;
    }
}
