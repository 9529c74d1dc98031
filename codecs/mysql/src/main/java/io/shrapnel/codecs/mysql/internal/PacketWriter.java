package io.shrapnel.codecs.mysql.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds one packet's payload: little-endian integers, length-encoded values and strings.
 *
 * <p>Threading: confined to the coro that builds the packet.
 */
public final class PacketWriter {
    private byte[] buf;
    private int len;

    public PacketWriter() {
        this(64);
    }

    public PacketWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    public PacketWriter int1(int v) {
        ensure(1);
        buf[len++] = (byte) v;
        return this;
    }

    public PacketWriter int2(int v) {
        ensure(2);
        buf[len++] = (byte) v;
        buf[len++] = (byte) (v >>> 8);
        return this;
    }

    public PacketWriter int3(int v) {
        ensure(3);
        buf[len++] = (byte) v;
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) (v >>> 16);
        return this;
    }

    public PacketWriter int4(long v) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            buf[len++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    public PacketWriter int8(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[len++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    /** A length-encoded integer (unsigned {@code v}). */
    public PacketWriter lenencInt(long v) {
        if (v < 0 || v >= 1 << 24) { // negative: an unsigned value of 2^63 and more
            return int1(0xFE).int8(v);
        }
        if (v < 251) {
            return int1((int) v);
        }
        if (v < 1 << 16) {
            return int1(0xFC).int2((int) v);
        }
        return int1(0xFD).int3((int) v);
    }

    public PacketWriter bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    public PacketWriter bytes(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    public PacketWriter lenencBytes(byte[] b) {
        return lenencInt(b.length).bytes(b);
    }

    public PacketWriter nulString(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8)).int1(0);
    }

    public PacketWriter zeros(int n) {
        ensure(n);
        len += n; // the array is zeroed and never reused below len
        return this;
    }

    public int length() {
        return len;
    }

    public byte[] toBytes() {
        return Arrays.copyOf(buf, len);
    }
}
