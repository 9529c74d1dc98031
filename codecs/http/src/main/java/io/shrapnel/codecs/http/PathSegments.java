package io.shrapnel.codecs.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A request path split into its segments, each percent-decoded on its own (so {@code %2F} stays
 * inside its segment and cannot become a separator). Shared by the router and static files.
 */
final class PathSegments {
    private PathSegments() {}

    /** The decoded segments of an encoded path ("/a/b%20c/" gives [a, b c, ""]). */
    static List<String> split(String path) throws HttpProtocolException {
        if (path.isEmpty() || path.charAt(0) != '/') {
            if (path.equals("*")) {
                return List.of("*");
            }
            throw new HttpProtocolException(400, "the path must start with '/'");
        }
        List<String> out = new ArrayList<>();
        int start = 1;
        while (true) {
            int slash = path.indexOf('/', start);
            String seg = slash < 0 ? path.substring(start) : path.substring(start, slash);
            out.add(decode(seg));
            if (slash < 0) {
                return out;
            }
            start = slash + 1;
        }
    }

    /** Percent-decodes one segment as UTF-8; a broken escape, invalid UTF-8 or a NUL is 400. */
    static String decode(String s) throws HttpProtocolException {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (lo < 0) {
                    throw new HttpProtocolException(400, "a broken percent-escape in the path");
                }
                int b = hi << 4 | lo;
                if (b == 0) {
                    throw new HttpProtocolException(400, "a NUL byte (%00) in the path");
                }
                bytes.write(b);
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new HttpProtocolException(400, "the path is not UTF-8 once decoded");
        }
    }
}
