package io.shrapnel.net.dns;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads one message, never trusting a length or a pointer in it: every read is checked against the
 * current limit (the end of the message, or the end of the RDATA being read), and compression
 * pointers must point strictly backwards, which makes a loop impossible, with the name's 255-byte
 * limit checked as labels are gathered.
 *
 * <p>Threading: one message, one thread.
 */
final class WireReader {
    private final byte[] msg;
    private int pos;
    private int limit;

    WireReader(byte[] msg) {
        this.msg = msg;
        this.limit = msg.length;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return limit - pos;
    }

    /** Narrows reads to {@code [pos, newLimit)}; returns the old limit for {@link #restoreLimit}. */
    int narrow(int newLimit) {
        int old = limit;
        limit = newLimit;
        return old;
    }

    void restoreLimit(int old) {
        limit = old;
    }

    DnsFormatException error(String message) {
        return new DnsFormatException(message, pos);
    }

    private void need(int n, String what) throws DnsFormatException {
        if (limit - pos < n) {
            String where = limit == msg.length ? "the message" : "its RDATA";
            throw error(what + " needs " + n + " bytes but " + where + " has only " + (limit - pos) + " left");
        }
    }

    int u8(String what) throws DnsFormatException {
        need(1, what);
        return msg[pos++] & 0xff;
    }

    int u16(String what) throws DnsFormatException {
        need(2, what);
        int v = (msg[pos] & 0xff) << 8 | msg[pos + 1] & 0xff;
        pos += 2;
        return v;
    }

    long u32(String what) throws DnsFormatException {
        need(4, what);
        long v = (long) (msg[pos] & 0xff) << 24 | (msg[pos + 1] & 0xff) << 16 | (msg[pos + 2] & 0xff) << 8
                | msg[pos + 3] & 0xff;
        pos += 4;
        return v;
    }

    byte[] bytes(int n, String what) throws DnsFormatException {
        need(n, what);
        byte[] b = new byte[n];
        System.arraycopy(msg, pos, b, 0, n);
        pos += n;
        return b;
    }

    /**
     * Reads a possibly compressed name. The bytes at the current position must lie within the
     * current limit; pointers may lead anywhere earlier in the message.
     */
    DnsName name() throws DnsFormatException {
        List<byte[]> labels = new ArrayList<>(6);
        int wire = 1; // the root's zero byte
        int at = pos;
        int end = limit;           // in-place bytes must stay within this
        int lowestStart = pos;     // a pointer must land before every label read so far
        boolean jumped = false;
        while (true) {
            if (at >= end) {
                throw new DnsFormatException("name runs past the end of "
                        + (jumped || end == msg.length ? "the message" : "its RDATA"), at);
            }
            int len = msg[at] & 0xff;
            switch (len & 0xc0) {
                case 0x00 -> {
                    if (len == 0) {
                        if (!jumped) {
                            pos = at + 1;
                        }
                        return labels.isEmpty() ? DnsName.ROOT : DnsName.fromLabels(labels);
                    }
                    if (at + 1 + len > end) {
                        throw new DnsFormatException("label of " + len + " bytes runs past the end of "
                                + (jumped || end == msg.length ? "the message" : "its RDATA"), at);
                    }
                    wire += 1 + len;
                    if (wire > DnsName.MAX_WIRE_LENGTH) {
                        throw new DnsFormatException("name longer than " + DnsName.MAX_WIRE_LENGTH + " bytes", at);
                    }
                    byte[] label = new byte[len];
                    System.arraycopy(msg, at + 1, label, 0, len);
                    labels.add(label);
                    at += 1 + len;
                }
                case 0xc0 -> {
                    if (at + 2 > end) {
                        throw new DnsFormatException("compression pointer cut off", at);
                    }
                    int target = (len & 0x3f) << 8 | msg[at + 1] & 0xff;
                    if (target >= lowestStart) {
                        throw new DnsFormatException("compression pointer to byte " + target
                                + " does not point backwards (a loop or a forward reference)", at);
                    }
                    if (!jumped) {
                        pos = at + 2;
                        jumped = true;
                    }
                    lowestStart = target;
                    at = target;
                    end = msg.length;
                }
                default -> throw new DnsFormatException("label type 0x" + Integer.toHexString(len & 0xc0)
                        + " (a label longer than 63 bytes, or an obsolete extended label)", at);
            }
        }
    }
}
