package io.shrapnel.net.dns;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes one message into a growing byte array, compressing names (RFC 1035 §4.1.4): every name
 * suffix written in full is remembered with its offset, and a later name that ends in the same
 * suffix writes a two-byte pointer instead.
 *
 * <p>Threading: one message, one thread.
 */
final class WireWriter {
    /** A pointer holds 14 bits of offset: suffixes written beyond this cannot be pointed to. */
    private static final int MAX_POINTER_TARGET = 0x3fff;

    private final int maxSize;
    private byte[] buf = new byte[512];
    private int pos;
    private final Map<DnsName, Integer> suffixes = new HashMap<>();

    WireWriter(int maxSize) {
        this.maxSize = maxSize;
    }

    int position() {
        return pos;
    }

    void u8(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
    }

    void u16(int v) {
        ensure(2);
        buf[pos++] = (byte) (v >> 8);
        buf[pos++] = (byte) v;
    }

    void u32(long v) {
        ensure(4);
        buf[pos++] = (byte) (v >> 24);
        buf[pos++] = (byte) (v >> 16);
        buf[pos++] = (byte) (v >> 8);
        buf[pos++] = (byte) v;
    }

    void bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    /** Overwrites the 16 bits at {@code at} (an RDLENGTH known only after the RDATA). */
    void patchU16(int at, int v) {
        buf[at] = (byte) (v >> 8);
        buf[at + 1] = (byte) v;
    }

    /** Writes {@code name}, compressed against the names already written if {@code compress}. */
    void name(DnsName name, boolean compress) {
        int n = name.labelCount();
        for (int i = 0; i < n; i++) {
            DnsName suffix = name.suffix(i);
            if (compress) {
                Integer at = suffixes.get(suffix);
                if (at != null) {
                    u16(0xc000 | at);
                    return;
                }
            }
            if (pos <= MAX_POINTER_TARGET) {
                // Remembered even when this name is not compressed: later names may point here.
                suffixes.putIfAbsent(suffix, pos);
            }
            byte[] label = name.labelBytes(i);
            u8(label.length);
            bytes(label);
        }
        u8(0);
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    private void ensure(int n) {
        int need = pos + n;
        if (need > maxSize) {
            throw new IllegalArgumentException("DNS message does not fit in " + maxSize + " bytes"
                    + (maxSize == DnsMessage.MAX_SIZE ? "" : "; send it over TCP (up to 65535 bytes)"));
        }
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, Math.min(DnsMessage.MAX_SIZE, Math.max(need, buf.length * 2)));
        }
    }
}
