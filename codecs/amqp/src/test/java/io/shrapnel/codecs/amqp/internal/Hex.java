package io.shrapnel.codecs.amqp.internal;

import java.util.HexFormat;

final class Hex {
    private Hex() {}

    /** Bytes from hex with spaces and '|' as separators for reading. */
    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("[\\s|]", ""));
    }

    static String of(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
