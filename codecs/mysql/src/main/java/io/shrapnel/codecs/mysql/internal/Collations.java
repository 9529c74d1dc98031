package io.shrapnel.codecs.mysql.internal;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** Which Java charset reads the text of a collation id. */
public final class Collations {
    private Collations() {}

    private static final Charset CP1252 = Charset.forName("windows-1252");

    public static Charset charset(int collation) {
        return switch (collation) {
            case 5, 8, 15, 31, 47, 48, 49, 94 -> CP1252; // MySQL's latin1 is cp1252
            case 11, 65 -> StandardCharsets.US_ASCII;
            case 54, 55, 101 -> StandardCharsets.UTF_16;
            case 63 -> StandardCharsets.ISO_8859_1; // binary: only used when text is asked of bytes
            default -> StandardCharsets.UTF_8;
        };
    }
}
