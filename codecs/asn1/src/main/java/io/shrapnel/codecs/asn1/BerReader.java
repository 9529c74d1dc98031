package io.shrapnel.codecs.asn1;

import io.shrapnel.codecs.asn1.internal.Contents;
import io.shrapnel.codecs.asn1.internal.TlvParser;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over the BER (or, strictly, DER) elements in a byte range: read the elements one after
 * another, step into constructed ones with {@link #enter}, decode the universal types with the
 * typed methods. Nothing is copied until a value is asked for.
 *
 * <pre>{@code
 * BerReader seq = BerReader.ber(bytes).readSequence();
 * long id = seq.readInteger();
 * String name = seq.readUtf8String();
 * seq.expectEnd();
 * }</pre>
 *
 * BER accepts definite and indefinite lengths, constructed strings (segments joined) and the
 * high-tag-number form; DER mode refuses indefinite lengths, long-form lengths that could be shorter,
 * constructed strings and BOOLEANs other than 00/FF. Every error is an {@link Asn1Exception} naming
 * the offset in the buffer. Depth and length are bounded by {@link BerLimits}.
 *
 * <p>Threading: a reader is a cursor; use it from one coro or thread.
 */
public final class BerReader {
    private final byte[] buf;
    private final int limit;
    private final int depth;
    private final BerLimits limits;
    private final boolean der;
    private int pos;

    private BerReader(byte[] buf, int pos, int limit, int depth, BerLimits limits, boolean der) {
        this.buf = buf;
        this.pos = pos;
        this.limit = limit;
        this.depth = depth;
        this.limits = limits;
        this.der = der;
    }

    /** A BER reader over all of {@code buf}, with the default limits. */
    public static BerReader ber(byte[] buf) {
        return ber(buf, 0, buf.length, BerLimits.DEFAULT);
    }

    /** A BER reader over {@code buf[off, off+len)}. */
    public static BerReader ber(byte[] buf, int off, int len, BerLimits limits) {
        return new BerReader(buf, off, range(buf, off, len), 0, limits, false);
    }

    /** A DER reader over all of {@code buf}, with the default limits. */
    public static BerReader der(byte[] buf) {
        return der(buf, 0, buf.length, BerLimits.DEFAULT);
    }

    /** A DER reader over {@code buf[off, off+len)}. */
    public static BerReader der(byte[] buf, int off, int len, BerLimits limits) {
        return new BerReader(buf, off, range(buf, off, len), 0, limits, true);
    }

    private static int range(byte[] buf, int off, int len) {
        if (off < 0 || len < 0 || off + len > buf.length || off + len < 0) {
            throw new IndexOutOfBoundsException("range " + off + "+" + len + " outside a buffer of " + buf.length);
        }
        return off + len;
    }

    /** True if another element follows. */
    public boolean hasNext() {
        return pos < limit;
    }

    /** Where the next element starts. */
    public int position() {
        return pos;
    }

    /** The buffer this reader decodes (shared, not copied). */
    public byte[] buffer() {
        return buf;
    }

    /** The header of the next element, without moving. */
    public Tlv peek() throws Asn1Exception {
        return TlvParser.parse(buf, pos, limit, depth + 1, limits, der);
    }

    /** The tag of the next element, or null at the end. */
    public Tag peekTag() throws Asn1Exception {
        return hasNext() ? peek().tag() : null;
    }

    /** Reads the next element, whatever it is, and moves past it. */
    public Tlv next() throws Asn1Exception {
        Tlv t = peek();
        pos = t.end();
        return t;
    }

    /** Reads the next element and checks its tag. */
    public Tlv next(Tag expected) throws Asn1Exception {
        Tlv t = peek();
        if (!t.tag().equals(expected)) {
            throw new Asn1Exception(t.offset(), "expected " + expected + ", found " + t.tag());
        }
        pos = t.end();
        return t;
    }

    /** Skips the next element. */
    public void skip() throws Asn1Exception {
        next();
    }

    /** A reader over the content of the constructed element {@code t} (one level deeper). */
    public BerReader enter(Tlv t) throws Asn1Exception {
        if (!t.tag().constructed()) {
            throw new Asn1Exception(t.offset(), t.tag() + " is primitive, it has no elements inside");
        }
        return new BerReader(buf, t.contentStart(), t.contentEnd(), depth + 1, limits, der);
    }

    /** Fails unless every element has been read. */
    public void expectEnd() throws Asn1Exception {
        if (pos < limit) {
            throw new Asn1Exception(pos, (limit - pos) + " unexpected bytes after the last element");
        }
    }

    public BerReader readSequence() throws Asn1Exception {
        return readConstructed(Tag.SEQUENCE);
    }

    public BerReader readSet() throws Asn1Exception {
        return readConstructed(Tag.SET);
    }

    /** Reads a constructed element with tag {@code tag} and returns a reader over its content. */
    public BerReader readConstructed(Tag tag) throws Asn1Exception {
        return enter(next(tag.asConstructed()));
    }

    public long readInteger() throws Asn1Exception {
        return readInteger(Tag.INTEGER);
    }

    /** An INTEGER (or any integer-encoded type) under tag {@code tag}. */
    public long readInteger(Tag tag) throws Asn1Exception {
        Tlv t = next(tag);
        return Contents.integer(buf, t.contentStart(), t.length(), t.offset());
    }

    public BigInteger readBigInteger() throws Asn1Exception {
        Tlv t = next(Tag.INTEGER);
        return Contents.bigInteger(buf, t.contentStart(), t.length(), t.offset());
    }

    /** An ENUMERATED that fits an int. */
    public int readEnumerated() throws Asn1Exception {
        return readEnumerated(Tag.ENUMERATED);
    }

    public int readEnumerated(Tag tag) throws Asn1Exception {
        Tlv t = next(tag);
        long v = Contents.integer(buf, t.contentStart(), t.length(), t.offset());
        if (v != (int) v) {
            throw new Asn1Exception(t.offset(), "ENUMERATED " + v + " out of range");
        }
        return (int) v;
    }

    public boolean readBoolean() throws Asn1Exception {
        return readBoolean(Tag.BOOLEAN);
    }

    public boolean readBoolean(Tag tag) throws Asn1Exception {
        Tlv t = next(tag);
        return Contents.bool(buf, t.contentStart(), t.length(), t.offset(), der);
    }

    public void readNull() throws Asn1Exception {
        Tlv t = next(Tag.NULL);
        if (t.length() != 0) {
            throw new Asn1Exception(t.offset(), "NULL with " + t.length() + " content bytes");
        }
    }

    public Oid readOid() throws Asn1Exception {
        Tlv t = next(Tag.OID);
        return Oid.decode(buf, t.contentStart(), t.length(), t.contentStart());
    }

    public byte[] readOctetString() throws Asn1Exception {
        return readOctetString(Tag.OCTET_STRING);
    }

    /**
     * The octets of a string type under {@code tag} (primitive; in BER also constructed, its
     * segments joined).
     */
    public byte[] readOctetString(Tag tag) throws Asn1Exception {
        Tlv t = peek();
        if (!t.tag().asPrimitive().equals(tag)) {
            throw new Asn1Exception(t.offset(), "expected " + tag + ", found " + t.tag());
        }
        pos = t.end();
        return octets(t);
    }

    public String readUtf8String() throws Asn1Exception {
        return readUtf8String(Tag.UTF8_STRING);
    }

    /** A string type under {@code tag} whose octets are UTF-8 (LDAPString, UTF8String). */
    public String readUtf8String(Tag tag) throws Asn1Exception {
        Tlv t = peek();
        if (!t.tag().constructed() && t.tag().equals(tag)) {
            pos = t.end();
            if (asciiOnly(t)) {
                return new String(buf, t.contentStart(), t.length(), StandardCharsets.ISO_8859_1);
            }
            return Contents.utf8(buf, t.contentStart(), t.length(), t.contentStart());
        }
        byte[] b = readOctetString(tag);
        return Contents.utf8(b, 0, b.length, t.contentStart());
    }

    private boolean asciiOnly(Tlv t) {
        for (int i = t.contentStart(); i < t.contentEnd(); i++) {
            if (buf[i] < 0) {
                return false;
            }
        }
        return true;
    }

    /** The octets of string element {@code t}: its content, or its segments joined if constructed. */
    public byte[] octets(Tlv t) throws Asn1Exception {
        if (!t.tag().constructed()) {
            return java.util.Arrays.copyOfRange(buf, t.contentStart(), t.contentEnd());
        }
        if (der) {
            throw new Asn1Exception(t.offset(), "constructed string in DER");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(t.length());
        BerReader inner = enter(t);
        while (inner.hasNext()) {
            Tlv seg = inner.next();
            if (!seg.tag().asPrimitive().equals(Tag.OCTET_STRING)) {
                throw new Asn1Exception(seg.offset(), "segment " + seg.tag() + " inside constructed string " + t.tag());
            }
            out.writeBytes(inner.octets(seg));
        }
        return out.toByteArray();
    }
}
