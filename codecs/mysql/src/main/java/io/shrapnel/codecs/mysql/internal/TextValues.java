package io.shrapnel.codecs.mysql.internal;

import io.shrapnel.codecs.mysql.Column;
import io.shrapnel.codecs.mysql.MySqlProtocolException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * Values of the text protocol (COM_QUERY rows), which are strings, as Java objects:
 * integers as {@code Integer}/{@code Long} ({@code Long} for unsigned INT, {@code BigInteger} for
 * unsigned BIGINT), DECIMAL as {@code BigDecimal}, FLOAT/DOUBLE, DATE as {@code LocalDate},
 * DATETIME/TIMESTAMP as {@code LocalDateTime}, TIME as {@code Duration} (it spans -838..838 hours),
 * BIT as {@code Long}, binary strings and blobs as {@code byte[]}, text in its collation's charset.
 * The zero date "0000-00-00" reads as null.
 */
public final class TextValues {
    private TextValues() {}

    public static Object decode(Column c, byte[] raw) throws MySqlProtocolException {
        if (raw == null) {
            return null;
        }
        try {
            return switch (c.type()) {
                case TINY, SHORT, INT24, YEAR -> Integer.parseInt(ascii(raw));
                case LONG -> c.unsigned() ? (Object) Long.parseLong(ascii(raw)) : (Object) Integer.parseInt(ascii(raw));
                case LONGLONG -> c.unsigned() ? (Object) new BigInteger(ascii(raw)) : (Object) Long.parseLong(ascii(raw));
                case DECIMAL, NEWDECIMAL -> new BigDecimal(ascii(raw));
                case FLOAT -> Float.parseFloat(ascii(raw));
                case DOUBLE -> Double.parseDouble(ascii(raw));
                case DATE, NEWDATE -> date(ascii(raw));
                case DATETIME, TIMESTAMP -> dateTime(ascii(raw));
                case TIME -> time(ascii(raw));
                case BIT -> bits(raw);
                case NULL -> null;
                case GEOMETRY -> raw;
                default -> c.binary() ? raw : new String(raw, c.charset());
            };
        } catch (RuntimeException e) {
            throw new MySqlProtocolException("column '" + c.name() + "' (" + c.type() + "): cannot read '"
                    + ascii(raw) + "'", e);
        }
    }

    private static String ascii(byte[] raw) {
        return new String(raw, StandardCharsets.ISO_8859_1);
    }

    static Long bits(byte[] raw) {
        long v = 0;
        for (byte b : raw) {
            v = v << 8 | (b & 0xFF);
        }
        return v;
    }

    static LocalDate date(String s) {
        if (s.startsWith("0000-00-00")) {
            return null;
        }
        return LocalDate.of(Integer.parseInt(s.substring(0, 4)), Integer.parseInt(s.substring(5, 7)),
                Integer.parseInt(s.substring(8, 10)));
    }

    static LocalDateTime dateTime(String s) {
        LocalDate d = date(s);
        if (d == null) {
            return null;
        }
        if (s.length() == 10) {
            return d.atStartOfDay();
        }
        return d.atTime(Integer.parseInt(s.substring(11, 13)), Integer.parseInt(s.substring(14, 16)),
                Integer.parseInt(s.substring(17, 19)), nanosOfFraction(s, 19));
    }

    /** "[-]HHH:MM:SS[.ffffff]" as a signed duration. */
    static Duration time(String s) {
        boolean negative = s.startsWith("-");
        String t = negative ? s.substring(1) : s;
        int c1 = t.indexOf(':');
        long hours = Long.parseLong(t.substring(0, c1));
        long minutes = Long.parseLong(t.substring(c1 + 1, c1 + 3));
        long seconds = Long.parseLong(t.substring(c1 + 4, c1 + 6));
        Duration d = Duration.ofHours(hours).plusMinutes(minutes).plusSeconds(seconds)
                .plusNanos(nanosOfFraction(t, c1 + 6));
        return negative ? d.negated() : d;
    }

    private static int nanosOfFraction(String s, int dot) {
        if (s.length() <= dot + 1 || s.charAt(dot) != '.') {
            return 0;
        }
        String digits = s.substring(dot + 1);
        int n = Integer.parseInt(digits);
        for (int i = digits.length(); i < 9; i++) {
            n *= 10;
        }
        return n;
    }
}
