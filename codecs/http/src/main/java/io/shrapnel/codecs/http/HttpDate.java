package io.shrapnel.codecs.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * HTTP dates (RFC 9110 5.6.7): IMF-fixdate, {@code Sun, 06 Nov 1994 08:49:37 GMT}.
 *
 * <p>Threading: {@link #now()} caches the formatted second in a volatile record, so loops on
 * several threads share it safely; the worst a race costs is formatting the same second twice.
 */
public final class HttpDate {
    private static final DateTimeFormatter IMF = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private record Cached(long second, String text) {}

    private static volatile Cached cached = new Cached(-1, "");

    private HttpDate() {}

    /** The current time, formatted once per second at most (every response carries it). */
    public static String now() {
        long s = System.currentTimeMillis() / 1000;
        Cached c = cached;
        if (c.second != s) {
            c = new Cached(s, format(Instant.ofEpochSecond(s)));
            cached = c;
        }
        return c.text;
    }

    public static String format(Instant t) {
        return IMF.format(t);
    }

    /** Parses an IMF-fixdate (the obsolete forms too, as RFC 1123/RFC 850 allow); null if it is none. */
    public static Instant parse(String s) {
        if (s == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(s.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
