package io.shrapnel.codecs.asn1;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes DER: definite lengths in their shortest form, minimal INTEGERs, BOOLEAN as 00/FF, SET
 * elements sorted. Constructed values are opened with {@link #begin} and closed with
 * {@link #end}; the length is filled in when the content is known.
 *
 * <pre>{@code
 * DerWriter w = new DerWriter();
 * int seq = w.begin(Tag.SEQUENCE);
 * w.writeInteger(1).writeOctetString("hi".getBytes(UTF_8));
 * w.end(seq);
 * byte[] der = w.toByteArray();   // 30 07 02 01 01 04 02 68 69
 * }</pre>
 *
 * <p>Threading: a writer is a growing buffer; use it from one coro or thread.
 */
public final class DerWriter {
    private byte[] buf;
    private int len;

    public DerWriter() {
        this(64);
    }

    public DerWriter(int capacity) {
        buf = new byte[Math.max(capacity, 16)];
    }

    /** Bytes written so far. */
    public int size() {
        return len;
    }

    /** Forgets everything written, keeping the buffer. */
    public void reset() {
        len = 0;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    /** The internal buffer; valid up to {@link #size()} until the next write. */
    public byte[] buffer() {
        return buf;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    private void put(int b) {
        ensure(1);
        buf[len++] = (byte) b;
    }

    private void putTag(Tag tag) {
        if (tag.number() < 31) {
            put(tag.tagClass().ordinal() << 6 | (tag.constructed() ? 0x20 : 0) | tag.number());
        } else {
            writeRaw(tag.encode());
        }
    }

    private void putLength(int n) {
        if (n < 0x80) {
            put(n);
            return;
        }
        int bytes = (39 - Integer.numberOfLeadingZeros(n)) / 8;
        put(0x80 | bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            put(n >>> (8 * i));
        }
    }

    /** Appends bytes as they are (an element encoded elsewhere). */
    public DerWriter writeRaw(byte[] bytes) {
        return writeRaw(bytes, 0, bytes.length);
    }

    public DerWriter writeRaw(byte[] bytes, int off, int n) {
        ensure(n);
        System.arraycopy(bytes, off, buf, len, n);
        len += n;
        return this;
    }

    /** A primitive element with {@code content} under {@code tag}. */
    public DerWriter writePrimitive(Tag tag, byte[] content) {
        putTag(tag);
        putLength(content.length);
        return writeRaw(content);
    }

    /**
     * Opens a constructed element; returns the mark to pass to {@link #end}. The constructed bit is
     * set whatever {@code tag} says.
     */
    public int begin(Tag tag) {
        putTag(tag.asConstructed());
        put(0);
        return len;
    }

    /** Closes the element opened at {@code mark}, writing its length. */
    public DerWriter end(int mark) {
        int n = len - mark;
        if (n < 0x80) {
            buf[mark - 1] = (byte) n;
            return this;
        }
        int bytes = (39 - Integer.numberOfLeadingZeros(n)) / 8;
        ensure(bytes);
        System.arraycopy(buf, mark, buf, mark + bytes, n);
        buf[mark - 1] = (byte) (0x80 | bytes);
        for (int i = 0; i < bytes; i++) {
            buf[mark + i] = (byte) (n >>> (8 * (bytes - 1 - i)));
        }
        len += bytes;
        return this;
    }

    /** Closes a SET OF opened at {@code mark}, sorting its elements by their encodings (X.690 11.6). */
    public DerWriter endSet(int mark) {
        List<byte[]> elements = new ArrayList<>();
        try {
            BerReader r = BerReader.der(buf, mark, len - mark, new BerLimits(Integer.MAX_VALUE, Integer.MAX_VALUE));
            while (r.hasNext()) {
                Tlv t = r.next();
                elements.add(Arrays.copyOfRange(buf, t.offset(), t.end()));
            }
        } catch (Asn1Exception e) {
            throw new IllegalStateException("the SET holds something that is not DER: " + e.getMessage(), e);
        }
        elements.sort(Arrays::compareUnsigned);
        len = mark;
        for (byte[] e : elements) {
            writeRaw(e);
        }
        return end(mark);
    }

    public DerWriter writeInteger(long v) {
        return writeInteger(Tag.INTEGER, v);
    }

    /** An integer-encoded value (INTEGER, ENUMERATED, or an implicit tag over one). */
    public DerWriter writeInteger(Tag tag, long v) {
        int bytes = 1;
        while (bytes < 8 && (v >> (8 * bytes - 1)) != 0 && (v >> (8 * bytes - 1)) != -1) {
            bytes++;
        }
        putTag(tag);
        put(bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            put((int) (v >>> (8 * i)));
        }
        return this;
    }

    public DerWriter writeInteger(BigInteger v) {
        return writePrimitive(Tag.INTEGER, v.toByteArray());
    }

    public DerWriter writeEnumerated(int v) {
        return writeInteger(Tag.ENUMERATED, v);
    }

    public DerWriter writeBoolean(boolean v) {
        return writeBoolean(Tag.BOOLEAN, v);
    }

    public DerWriter writeBoolean(Tag tag, boolean v) {
        putTag(tag);
        put(1);
        put(v ? 0xff : 0);
        return this;
    }

    public DerWriter writeNull() {
        return writeNull(Tag.NULL);
    }

    public DerWriter writeNull(Tag tag) {
        putTag(tag);
        put(0);
        return this;
    }

    public DerWriter writeOid(Oid oid) {
        return writePrimitive(Tag.OID, oid.encode());
    }

    public DerWriter writeOctetString(byte[] v) {
        return writePrimitive(Tag.OCTET_STRING, v);
    }

    public DerWriter writeOctetString(Tag tag, byte[] v) {
        return writePrimitive(tag, v);
    }

    public DerWriter writeUtf8String(String s) {
        return writeUtf8String(Tag.UTF8_STRING, s);
    }

    /** {@code s} as UTF-8 octets under {@code tag} (an LDAPString is an OCTET STRING of UTF-8). */
    public DerWriter writeUtf8String(Tag tag, String s) {
        return writePrimitive(tag, s.getBytes(StandardCharsets.UTF_8));
    }
}
