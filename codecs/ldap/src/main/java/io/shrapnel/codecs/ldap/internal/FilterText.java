package io.shrapnel.codecs.ldap.internal;

import io.shrapnel.codecs.ldap.Filter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes filters as RFC 4515 text. Values that are valid UTF-8 are written as text with
 * {@code * ( ) \ NUL} escaped; other bytes as {@code \xx}.
 *
 * <p>Threading: stateless.
 */
public final class FilterText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private FilterText() {}

    public static String list(char op, List<Filter> filters) {
        StringBuilder sb = new StringBuilder("(").append(op);
        for (Filter f : filters) {
            sb.append(f);
        }
        return sb.append(')').toString();
    }

    public static String escape(byte[] value) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            StringBuilder sb = new StringBuilder(value.length * 3);
            for (byte b : value) {
                hex(sb, b);
            }
            return sb.toString();
        }
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*' || c == '(' || c == ')' || c == '\\' || c == 0) {
                hex(sb, (byte) c);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static void hex(StringBuilder sb, byte b) {
        sb.append('\\').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
    }
}
