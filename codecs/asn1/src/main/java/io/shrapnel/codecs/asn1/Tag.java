package io.shrapnel.codecs.asn1;

/**
 * An ASN.1 tag: class, primitive or constructed, and number (any number up to 2^28-1; numbers
 * from 31 up take the high-tag-number form on the wire).
 */
public record Tag(TagClass tagClass, boolean constructed, int number) {
    public static final Tag BOOLEAN = universal(1);
    public static final Tag INTEGER = universal(2);
    public static final Tag BIT_STRING = universal(3);
    public static final Tag OCTET_STRING = universal(4);
    public static final Tag NULL = universal(5);
    public static final Tag OID = universal(6);
    public static final Tag ENUMERATED = universal(10);
    public static final Tag UTF8_STRING = universal(12);
    public static final Tag SEQUENCE = new Tag(TagClass.UNIVERSAL, true, 16);
    public static final Tag SET = new Tag(TagClass.UNIVERSAL, true, 17);

    /** The largest tag number: four base-128 bytes. Longer tags are refused by the decoder. */
    public static final int MAX_NUMBER = (1 << 28) - 1;

    public Tag {
        if (tagClass == null) {
            throw new IllegalArgumentException("a tag needs a class");
        }
        if (number < 0 || number > MAX_NUMBER) {
            throw new IllegalArgumentException("tag number " + number + " is outside 0.." + MAX_NUMBER);
        }
    }

    /** A primitive universal tag. */
    public static Tag universal(int number) {
        return new Tag(TagClass.UNIVERSAL, false, number);
    }

    /** A primitive context-specific tag {@code [n]}. */
    public static Tag context(int number) {
        return new Tag(TagClass.CONTEXT, false, number);
    }

    /** A constructed context-specific tag {@code [n]}. */
    public static Tag contextConstructed(int number) {
        return new Tag(TagClass.CONTEXT, true, number);
    }

    /** An application tag {@code [APPLICATION n]}. */
    public static Tag application(int number, boolean constructed) {
        return new Tag(TagClass.APPLICATION, constructed, number);
    }

    /** This tag with the constructed bit set. */
    public Tag asConstructed() {
        return constructed ? this : new Tag(tagClass, true, number);
    }

    /** This tag with the constructed bit clear. */
    public Tag asPrimitive() {
        return constructed ? new Tag(tagClass, false, number) : this;
    }

    /** The identifier octets of this tag. */
    public byte[] encode() {
        int first = tagClass.ordinal() << 6 | (constructed ? 0x20 : 0);
        if (number < 31) {
            return new byte[] {(byte) (first | number)};
        }
        int n = base128Length(number);
        byte[] out = new byte[1 + n];
        out[0] = (byte) (first | 0x1f);
        for (int i = n; i >= 1; i--) {
            out[i] = (byte) ((number >>> (7 * (n - i))) & 0x7f | (i < n ? 0x80 : 0));
        }
        return out;
    }

    static int base128Length(long v) {
        int n = 1;
        while ((v >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    @Override
    public String toString() {
        String body = switch (tagClass) {
            case UNIVERSAL -> "UNIVERSAL " + number;
            case APPLICATION -> "APPLICATION " + number;
            case CONTEXT -> Integer.toString(number);
            case PRIVATE -> "PRIVATE " + number;
        };
        return "[" + body + "]" + (constructed ? " constructed" : "");
    }
}
