package io.shrapnel.codecs.asn1;

import java.util.Arrays;

/**
 * An OBJECT IDENTIFIER such as {@code 1.3.6.1.4.1.1466.20037}: arcs of up to 63 bits each.
 * Equal when the arcs are equal.
 */
public final class Oid {
    private final long[] arcs;

    private Oid(long[] arcs) {
        this.arcs = arcs;
    }

    /** Parses the dotted form; at least two arcs, the first 0, 1 or 2, the second under 40 unless the first is 2. */
    public static Oid of(String dotted) {
        String[] parts = dotted.split("\\.", -1);
        long[] arcs = new long[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                if (parts[i].isEmpty() || parts[i].charAt(0) == '+' || parts[i].charAt(0) == '-') {
                    throw new NumberFormatException();
                }
                arcs[i] = Long.parseLong(parts[i]);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an OID: \"" + dotted + "\" (numbers separated by dots)");
        }
        check(arcs, dotted);
        return new Oid(arcs);
    }

    private static void check(long[] arcs, String text) {
        if (arcs.length < 2 || arcs[0] > 2 || arcs[0] < 2 && arcs[1] >= 40 || arcs[1] > Long.MAX_VALUE - 80) {
            throw new IllegalArgumentException("not an OID: \"" + text
                    + "\" (two arcs or more; the first 0, 1 or 2; the second under 40 unless the first is 2)");
        }
    }

    /** The arcs, a copy. */
    public long[] arcs() {
        return arcs.clone();
    }

    /** The contents octets (X.690 8.19). */
    public byte[] encode() {
        long first = arcs[0] * 40 + arcs[1];
        int n = Tag.base128Length(first);
        for (int i = 2; i < arcs.length; i++) {
            n += Tag.base128Length(arcs[i]);
        }
        byte[] out = new byte[n];
        int p = put(out, 0, first);
        for (int i = 2; i < arcs.length; i++) {
            p = put(out, p, arcs[i]);
        }
        return out;
    }

    private static int put(byte[] out, int p, long v) {
        int n = Tag.base128Length(v);
        for (int i = n - 1; i >= 0; i--) {
            out[p++] = (byte) ((v >>> (7 * i)) & 0x7f | (i > 0 ? 0x80 : 0));
        }
        return p;
    }

    static Oid decode(byte[] buf, int off, int len, long at) throws Asn1Exception {
        if (len == 0) {
            throw new Asn1Exception(at, "OBJECT IDENTIFIER with no content");
        }
        long[] arcs = new long[len + 1];
        int count = 0;
        long v = 0;
        boolean fresh = true;
        for (int i = off; i < off + len; i++) {
            int b = buf[i] & 0xff;
            if (fresh && b == 0x80) {
                throw new Asn1Exception(at + i - off, "OBJECT IDENTIFIER arc with a leading zero");
            }
            if (v >>> 56 != 0) {
                throw new Asn1Exception(at + i - off, "OBJECT IDENTIFIER arc over 63 bits");
            }
            v = v << 7 | b & 0x7f;
            fresh = (b & 0x80) == 0;
            if (fresh) {
                if (count == 0) {
                    arcs[count++] = Math.min(v / 40, 2);
                    arcs[count++] = v - arcs[0] * 40;
                } else {
                    arcs[count++] = v;
                }
                v = 0;
            }
        }
        if (!fresh) {
            throw new Asn1Exception(at + len, "OBJECT IDENTIFIER cut short in an arc");
        }
        return new Oid(Arrays.copyOf(arcs, count));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Oid other && Arrays.equals(arcs, other.arcs);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(arcs);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (long a : arcs) {
            if (!sb.isEmpty()) {
                sb.append('.');
            }
            sb.append(a);
        }
        return sb.toString();
    }
}
