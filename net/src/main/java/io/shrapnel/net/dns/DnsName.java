package io.shrapnel.net.dns;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * A domain name: a sequence of labels of 1 to 63 bytes, at most 255 bytes on the wire (RFC 1035
 * §2.3.4). Immutable. Equality and hashing ignore ASCII case, as DNS does (RFC 4343).
 *
 * <p>{@link #of(String)} reads the presentation form: labels separated by dots, an optional final
 * dot, {@code \.} for a dot inside a label and {@code \DDD} for any byte. {@link #toString()} writes
 * the same form without the final dot (the root is {@code "."}).
 */
public final class DnsName {
    /** Longest label, in bytes. */
    public static final int MAX_LABEL = 63;
    /** Longest name on the wire, in bytes: every label with its length byte, plus the root's zero byte. */
    public static final int MAX_WIRE_LENGTH = 255;

    public static final DnsName ROOT = new DnsName(new byte[0][], 0);

    // Labels [start, labels.length) make up this name: suffixes share the parent's array.
    private final byte[][] labels;
    private final int start;
    private int hash;

    private DnsName(byte[][] labels, int start) {
        this.labels = labels;
        this.start = start;
    }

    /**
     * Parses a name in presentation form ("www.example.com", "www.example.com.", "." for the root).
     *
     * @throws IllegalArgumentException for an empty label, a label over 63 bytes, a name over 255
     *     bytes on the wire, or a bad escape
     */
    public static DnsName of(String text) {
        if (text.isEmpty() || text.equals(".")) {
            return ROOT;
        }
        DnsName plain = plainAscii(text);
        if (plain != null) {
            return plain;
        }
        List<byte[]> out = new java.util.ArrayList<>();
        ByteArrayOutputStream label = new ByteArrayOutputStream();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '.') {
                if (label.size() == 0) {
                    throw new IllegalArgumentException("empty label in DNS name \"" + text + "\"");
                }
                out.add(label.toByteArray());
                label.reset();
                i++;
            } else if (c == '\\') {
                i = unescape(text, i, label);
            } else if (c < 0x80) {
                label.write(c);
                i++;
            } else {
                // Non-ASCII text goes on the wire as its UTF-8 bytes (no IDNA here; see java.net.IDN).
                int cp = text.codePointAt(i);
                label.writeBytes(new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        if (label.size() > 0) {
            out.add(label.toByteArray());
        }
        return fromLabels(out.toArray(new byte[0][]), text);
    }

    /** The common case, parsed without a buffer: ASCII without escapes. Null for anything else. */
    private static DnsName plainAscii(String text) {
        int n = text.length();
        int labels = 1;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\\' || c >= 0x80) {
                return null;
            }
            if (c == '.' && i < n - 1) {
                labels++;
            }
        }
        byte[][] out = new byte[labels][];
        int start = 0;
        for (int k = 0; k < labels; k++) {
            int end = text.indexOf('.', start);
            if (end < 0) {
                end = n;
            }
            byte[] label = new byte[end - start];
            for (int i = 0; i < label.length; i++) {
                label[i] = (byte) text.charAt(start + i);
            }
            out[k] = label;
            start = end + 1;
        }
        return fromLabels(out, text); // checks empty labels and the limits
    }

    /** A name from raw labels (copied). Checks the label and name limits. */
    public static DnsName fromLabels(List<byte[]> labels) {
        byte[][] copy = new byte[labels.size()][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = labels.get(i).clone();
        }
        return fromLabels(copy, null);
    }

    private static DnsName fromLabels(byte[][] labels, String text) {
        int wire = 1;
        for (byte[] l : labels) {
            if (l.length == 0) {
                throw new IllegalArgumentException("empty label in DNS name" + quoted(text));
            }
            if (l.length > MAX_LABEL) {
                throw new IllegalArgumentException("DNS label of " + l.length + " bytes" + quoted(text)
                        + "; a label holds at most " + MAX_LABEL);
            }
            wire += 1 + l.length;
        }
        if (wire > MAX_WIRE_LENGTH) {
            throw new IllegalArgumentException("DNS name of " + wire + " bytes on the wire" + quoted(text)
                    + "; a name holds at most " + MAX_WIRE_LENGTH);
        }
        return labels.length == 0 ? ROOT : new DnsName(labels, 0);
    }

    private static String quoted(String text) {
        return text == null ? "" : " in \"" + text + "\"";
    }

    private static int unescape(String text, int i, ByteArrayOutputStream label) {
        if (i + 1 >= text.length()) {
            throw new IllegalArgumentException("DNS name \"" + text + "\" ends with a lone backslash");
        }
        char d = text.charAt(i + 1);
        if (Character.isDigit(d)) {
            if (i + 3 >= text.length()) {
                throw new IllegalArgumentException("\\DDD escape needs three digits in \"" + text + "\"");
            }
            int v = 0;
            for (int k = 1; k <= 3; k++) {
                char x = text.charAt(i + k);
                if (!Character.isDigit(x)) {
                    throw new IllegalArgumentException("\\DDD escape needs three digits in \"" + text + "\"");
                }
                v = v * 10 + (x - '0');
            }
            if (v > 255) {
                throw new IllegalArgumentException("\\" + v + " is not a byte, in \"" + text + "\"");
            }
            label.write(v);
            return i + 4;
        }
        label.write(d);
        return i + 2;
    }

    /** Number of labels (0 for the root). */
    public int labelCount() {
        return labels.length - start;
    }

    /** Label {@code i} (0 is the leftmost), copied. */
    public byte[] label(int i) {
        return labels[start + i].clone();
    }

    /** Label {@code i} without copying; callers must not change it. */
    byte[] labelBytes(int i) {
        return labels[start + i];
    }

    public boolean isRoot() {
        return labelCount() == 0;
    }

    /** The name without its leftmost {@code n} labels (shares storage). */
    public DnsName suffix(int n) {
        if (n < 0 || n > labelCount()) {
            throw new IndexOutOfBoundsException(n + " of " + labelCount() + " labels");
        }
        return n == labelCount() ? ROOT : new DnsName(labels, start + n);
    }

    /** This name followed by {@code origin}: "www" + "example.com" is "www.example.com". */
    public DnsName concat(DnsName origin) {
        byte[][] all = new byte[labelCount() + origin.labelCount()][];
        System.arraycopy(labels, start, all, 0, labelCount());
        System.arraycopy(origin.labels, origin.start, all, labelCount(), origin.labelCount());
        return fromLabels(all, null);
    }

    /** True if this name is {@code other} or below it ("a.b.c" is under "b.c" and under the root). */
    public boolean isUnder(DnsName other) {
        int extra = labelCount() - other.labelCount();
        return extra >= 0 && suffix(extra).equals(other);
    }

    /** Bytes this name takes on the wire without compression. */
    public int wireLength() {
        int n = 1;
        for (int i = start; i < labels.length; i++) {
            n += 1 + labels[i].length;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DnsName other) || other.labelCount() != labelCount()) {
            return false;
        }
        for (int i = 0; i < labelCount(); i++) {
            if (!equalsIgnoreAsciiCase(labels[start + i], other.labels[other.start + i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean equalsIgnoreAsciiCase(byte[] a, byte[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (lower(a[i]) != lower(b[i])) {
                return false;
            }
        }
        return true;
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b & 0xff;
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = 1;
            for (int i = start; i < labels.length; i++) {
                for (byte b : labels[i]) {
                    h = 31 * h + lower(b);
                }
                h = 31 * h + '.';
            }
            hash = h;
        }
        return h;
    }

    /** Presentation form, without the final dot; "." for the root. */
    @Override
    public String toString() {
        if (isRoot()) {
            return ".";
        }
        StringBuilder sb = new StringBuilder(wireLength());
        for (int i = start; i < labels.length; i++) {
            if (i > start) {
                sb.append('.');
            }
            for (byte b : labels[i]) {
                int v = b & 0xff;
                if (v == '.' || v == '\\') {
                    sb.append('\\').append((char) v);
                } else if (v > 0x20 && v < 0x7f) {
                    sb.append((char) v);
                } else {
                    sb.append('\\').append(String.format("%03d", v));
                }
            }
        }
        return sb.toString();
    }
}
