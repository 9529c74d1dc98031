package io.shrapnel.codecs.http;

/**
 * The one byte range of a {@code Range} header (RFC 9110 14.1.2). Several ranges are answered with
 * the whole file, which the RFC allows and which no multipart response can be abused for.
 */
final class ByteRange {
    static final long[] UNSATISFIABLE = new long[0];

    private ByteRange() {}

    /** {first, last} inclusive; null to ignore the header (serve it all); UNSATISFIABLE for 416. */
    static long[] parse(String header, long size) {
        String h = header.trim();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
            return null;
        }
        String spec = h.substring(6).trim();
        if (spec.indexOf(',') >= 0) {
            return null;
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        try {
            if (a.isEmpty()) {
                long suffix = digits(b);
                if (suffix == 0 || size == 0) {
                    return UNSATISFIABLE;
                }
                return new long[] {Math.max(0, size - suffix), size - 1};
            }
            long first = digits(a);
            long last = b.isEmpty() ? Long.MAX_VALUE : digits(b); // "first-": to the end, whatever the size
            if (last < first) {
                return null; // invalid (only a last-pos that is present can be below the first): ignore it
            }
            if (first >= size) {
                return UNSATISFIABLE; // "bytes=10-" of a 10-byte file, "bytes=0-" of an empty one: 416
            }
            return new long[] {first, Math.min(last, size - 1)};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long digits(String s) {
        if (s.isEmpty() || s.length() > 18) {
            throw new NumberFormatException(s);
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                throw new NumberFormatException(s);
            }
        }
        return Long.parseLong(s);
    }
}
