package io.shrapnel.codecs.asn1.internal;

import io.shrapnel.codecs.asn1.Asn1Exception;
import io.shrapnel.codecs.asn1.BerLimits;
import io.shrapnel.codecs.asn1.Tag;
import io.shrapnel.codecs.asn1.TagClass;
import io.shrapnel.codecs.asn1.Tlv;

/**
 * Reads one element header (identifier and length octets, X.690 8.1.2-8.1.3) and finds where the
 * element ends, walking the children of an indefinite-length element to its end-of-contents.
 *
 * <p>Threading: stateless.
 */
public final class TlvParser {
    private static final TagClass[] CLASSES = TagClass.values();
    private static final int MAX_TAG_BYTES = 4;
    private static final int MAX_LENGTH_BYTES = 4;

    private TlvParser() {}

    /**
     * Parses the element at {@code pos}, which must end by {@code limit}. {@code depth} is the
     * nesting level of the element itself (1 for a top-level element).
     */
    public static Tlv parse(byte[] buf, int pos, int limit, int depth, BerLimits limits, boolean der) throws Asn1Exception {
        if (depth > limits.maxDepth()) {
            throw new Asn1Exception(pos, "nesting deeper than " + limits.maxDepth() + " levels");
        }
        int p = pos;
        int b = byteAt(buf, p++, limit, "no identifier octet");
        boolean constructed = (b & 0x20) != 0;
        int number = b & 0x1f;
        if (number == 0x1f) {
            number = 0;
            int n = 0;
            do {
                b = byteAt(buf, p, limit, "tag number cut short");
                if (n == 0 && b == 0x80) {
                    throw new Asn1Exception(p, "tag number with a leading zero");
                }
                if (++n > MAX_TAG_BYTES) {
                    throw new Asn1Exception(pos, "tag number longer than " + MAX_TAG_BYTES + " bytes");
                }
                number = number << 7 | b & 0x7f;
                p++;
            } while ((b & 0x80) != 0);
            if (der && number < 31) {
                throw new Asn1Exception(pos, "tag number " + number + " in the long form (DER wants one byte)");
            }
        }
        Tag tag = new Tag(CLASSES[b0(buf, pos) >>> 6], constructed, number);
        int lengthAt = p;
        int first = byteAt(buf, p++, limit, "no length octet");
        int length;
        if (first < 0x80) {
            length = first;
        } else if (first == 0x80) {
            if (der) {
                throw new Asn1Exception(lengthAt, "indefinite length in DER");
            }
            if (!constructed) {
                throw new Asn1Exception(lengthAt, "indefinite length on a primitive element");
            }
            return indefinite(buf, pos, p, limit, depth, limits, tag);
        } else {
            int n = first & 0x7f;
            if (n > MAX_LENGTH_BYTES) {
                throw new Asn1Exception(lengthAt, "length of " + n + " bytes (at most " + MAX_LENGTH_BYTES + ")");
            }
            long value = 0;
            for (int i = 0; i < n; i++) {
                value = value << 8 | byteAt(buf, p++, limit, "length octets cut short");
            }
            if (der && (value < 0x80 || value >> (8 * (n - 1)) == 0)) {
                throw new Asn1Exception(lengthAt, "length " + value + " not in its shortest form (DER)");
            }
            if (value > Integer.MAX_VALUE) {
                throw new Asn1Exception(lengthAt, "length " + value + " over 2 GiB");
            }
            length = (int) value;
        }
        if (length > limits.maxLength()) {
            throw new Asn1Exception(lengthAt, "length " + length + " over the limit of " + limits.maxLength());
        }
        if (length > limit - p) {
            throw new Asn1Exception(lengthAt, "length " + length + " runs past the end of the data ("
                    + (limit - p) + " bytes left)", true);
        }
        return new Tlv(tag, pos, p, p + length, p + length);
    }

    /** Walks the children of an indefinite-length element up to its end-of-contents octets. */
    private static Tlv indefinite(byte[] buf, int pos, int contentStart, int limit, int depth, BerLimits limits,
            Tag tag) throws Asn1Exception {
        int p = contentStart;
        while (true) {
            if (p - contentStart > limits.maxLength()) {
                throw new Asn1Exception(pos, "indefinite length content over the limit of " + limits.maxLength());
            }
            if (p + 1 < limit && buf[p] == 0 && buf[p + 1] == 0) {
                return new Tlv(tag, pos, contentStart, p, p + 2);
            }
            if (p < limit && buf[p] == 0) {
                throw new Asn1Exception(p, "end-of-contents with a non-zero length", p + 1 >= limit);
            }
            p = parse(buf, p, limit, depth + 1, limits, false).end();
        }
    }

    private static int b0(byte[] buf, int at) {
        return buf[at] & 0xff;
    }

    private static int byteAt(byte[] buf, int at, int limit, String problem) throws Asn1Exception {
        if (at >= limit) {
            throw new Asn1Exception(at, problem, true);
        }
        return buf[at] & 0xff;
    }
}
