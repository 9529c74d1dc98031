package io.shrapnel.codecs.asn1;

import java.util.HexFormat;

/** Hex helpers for exact-byte tests: spaces allowed in the input. */
final class Hex {
    private Hex() {}

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static String of(byte[] b) {
        return HexFormat.ofDelimiter(" ").formatHex(b);
    }
}
