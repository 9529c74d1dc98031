package io.shrapnel.codecs.asn1.internal;

import io.shrapnel.codecs.asn1.Asn1Exception;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decoders for the contents octets of the universal primitive types (X.690 8.2-8.8, 8.19).
 * {@code at} is the offset reported in errors.
 *
 * <p>Threading: stateless.
 */
public final class Contents {
    private Contents() {}

    public static long integer(byte[] buf, int off, int len, long at) throws Asn1Exception {
        checkInteger(buf, off, len, at);
        if (len > 8) {
            throw new Asn1Exception(at, "INTEGER of " + len + " bytes does not fit a long");
        }
        long v = buf[off]; // sign-extends
        for (int i = 1; i < len; i++) {
            v = v << 8 | buf[off + i] & 0xff;
        }
        return v;
    }

    public static BigInteger bigInteger(byte[] buf, int off, int len, long at) throws Asn1Exception {
        checkInteger(buf, off, len, at);
        return new BigInteger(buf, off, len);
    }

    /** X.690 8.3.2: at least one byte, and the first nine bits not all equal. */
    private static void checkInteger(byte[] buf, int off, int len, long at) throws Asn1Exception {
        if (len == 0) {
            throw new Asn1Exception(at, "INTEGER with no content");
        }
        if (len > 1 && (buf[off] == 0 && buf[off + 1] >= 0 || buf[off] == -1 && buf[off + 1] < 0)) {
            throw new Asn1Exception(at, "INTEGER not in its shortest form");
        }
    }

    public static boolean bool(byte[] buf, int off, int len, long at, boolean der) throws Asn1Exception {
        if (len != 1) {
            throw new Asn1Exception(at, "BOOLEAN of " + len + " bytes (must be 1)");
        }
        byte b = buf[off];
        if (der && b != 0 && b != -1) {
            throw new Asn1Exception(at, "BOOLEAN 0x" + Integer.toHexString(b & 0xff) + " (DER wants 00 or FF)");
        }
        return b != 0;
    }

    public static String utf8(byte[] buf, int off, int len, long at) throws Asn1Exception {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf, off, len)).toString();
        } catch (CharacterCodingException e) {
            throw new Asn1Exception(at, "invalid UTF-8");
        }
    }
}
