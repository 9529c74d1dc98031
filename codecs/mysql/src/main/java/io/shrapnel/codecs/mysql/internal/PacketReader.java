package io.shrapnel.codecs.mysql.internal;

import io.shrapnel.codecs.mysql.MySqlProtocolException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A cursor over one packet's payload, reading the protocol's little-endian integers and strings.
 * Every read checks the bounds and fails with {@link MySqlProtocolException} naming what was cut.
 *
 * <p>Threading: confined to the coro that decodes the packet.
 */
public final class PacketReader {
    private final byte[] buf;
    private int pos;
    private final int end;

    public PacketReader(byte[] payload) {
        this(payload, 0, payload.length);
    }

    public PacketReader(byte[] buf, int off, int len) {
        this.buf = buf;
        this.pos = off;
        this.end = off + len;
    }

    public int remaining() {
        return end - pos;
    }

    public boolean hasRemaining() {
        return pos < end;
    }

    public int position() {
        return pos;
    }

    /** The byte at the cursor without consuming it. */
    public int peek() throws MySqlProtocolException {
        need(1, "a byte");
        return buf[pos] & 0xFF;
    }

    private void need(int n, String what) throws MySqlProtocolException {
        if (n < 0 || end - pos < n) {
            throw new MySqlProtocolException("truncated packet: " + what + " needs " + n + " byte(s) at offset "
                    + pos + ", " + (end - pos) + " left");
        }
    }

    public int int1() throws MySqlProtocolException {
        need(1, "int<1>");
        return buf[pos++] & 0xFF;
    }

    public int int2() throws MySqlProtocolException {
        need(2, "int<2>");
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8;
        pos += 2;
        return v;
    }

    public int int3() throws MySqlProtocolException {
        need(3, "int<3>");
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16;
        pos += 3;
        return v;
    }

    public long int4() throws MySqlProtocolException {
        need(4, "int<4>");
        long v = (buf[pos] & 0xFFL) | (buf[pos + 1] & 0xFFL) << 8 | (buf[pos + 2] & 0xFFL) << 16
                | (buf[pos + 3] & 0xFFL) << 24;
        pos += 4;
        return v;
    }

    public long int8() throws MySqlProtocolException {
        need(8, "int<8>");
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (buf[pos + i] & 0xFF);
        }
        pos += 8;
        return v;
    }

    /**
     * A length-encoded integer; -1 for the NULL marker 0xFB. Values of 2^63 and above come back
     * negative (use {@link Long#toUnsignedString}); lengths that large are rejected by the callers.
     */
    public long lenencInt() throws MySqlProtocolException {
        int first = int1();
        return switch (first) {
            case 0xFB -> -1;
            case 0xFC -> int2();
            case 0xFD -> int3();
            case 0xFE -> int8();
            case 0xFF -> throw new MySqlProtocolException("0xFF is not a length-encoded integer (offset " + (pos - 1) + ")");
            default -> first;
        };
    }

    /** A length-encoded byte string; null for the NULL marker. */
    public byte[] lenencBytes() throws MySqlProtocolException {
        int n = lenencLength();
        return n < 0 ? null : bytes(n);
    }

    /** The length before a length-encoded value: -1 for the NULL marker; checked against what is left. */
    private int lenencLength() throws MySqlProtocolException {
        if (peek() == 0xFB) {
            pos++;
            return -1;
        }
        return checkedLength(lenencInt());
    }

    /** A length-encoded string in {@code cs}; null for the NULL marker. */
    public String lenencString(Charset cs) throws MySqlProtocolException {
        int len = lenencLength();
        if (len < 0) {
            return null;
        }
        String s = new String(buf, pos, len, cs);
        pos += len;
        return s;
    }

    public String lenencString() throws MySqlProtocolException {
        return lenencString(StandardCharsets.UTF_8);
    }

    private int checkedLength(long n) throws MySqlProtocolException {
        if (n < 0 || n > remaining()) { // n < 0: an unsigned length of 2^63 or more
            throw new MySqlProtocolException("truncated packet: a length-encoded value of " + Long.toUnsignedString(n)
                    + " byte(s) at offset " + pos + ", " + remaining() + " left");
        }
        return (int) n;
    }

    /** Skips a length-encoded value (a NULL marker skips one byte). */
    public void skipLenenc() throws MySqlProtocolException {
        int n = lenencLength(); // moves pos past the length; only then may the value be skipped
        pos += Math.max(0, n); // NULL (-1) has no bytes after its marker
    }

    public byte[] bytes(int n) throws MySqlProtocolException {
        need(n, "a byte string");
        byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    public void skip(int n) throws MySqlProtocolException {
        need(n, "a skipped field");
        pos += n;
    }

    /** A NUL-terminated string (the NUL is consumed). */
    public String nulString() throws MySqlProtocolException {
        int start = pos;
        int i = start;
        while (i < end && buf[i] != 0) {
            i++;
        }
        if (i == end) {
            throw new MySqlProtocolException("truncated packet: a NUL-terminated string at offset " + start
                    + " has no NUL");
        }
        pos = i + 1;
        return new String(buf, start, i - start, StandardCharsets.UTF_8);
    }

    /** The rest of the packet. */
    public byte[] rest() {
        byte[] out = Arrays.copyOfRange(buf, pos, end);
        pos = end;
        return out;
    }

    /** The rest as a string (a string that runs to the end of the packet). */
    public String restString() {
        String s = new String(buf, pos, end - pos, StandardCharsets.UTF_8);
        pos = end;
        return s;
    }
}
