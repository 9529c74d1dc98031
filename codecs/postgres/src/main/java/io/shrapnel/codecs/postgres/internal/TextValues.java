package io.shrapnel.codecs.postgres.internal;

import io.shrapnel.codecs.postgres.PgInterval;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Decodes values sent in text format. The session runs with DateStyle ISO, TimeZone UTC,
 * IntervalStyle iso_8601 and bytea_output hex (set at startup). A value this class cannot parse
 * (a BC date, a type it does not know) comes back as its text: never an error. Stateless.
 */
public final class TextValues {
    private TextValues() {}

    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral(' ').append(DateTimeFormatter.ISO_LOCAL_TIME)
            .toFormatter();
    private static final DateTimeFormatter TIMESTAMPTZ = new DateTimeFormatterBuilder()
            .append(TIMESTAMP).appendOffset("+HH:mm", "+00").toFormatter();

    public static Object decode(int oid, byte[] b, int off, int len) {
        String s = new String(b, off, len, StandardCharsets.UTF_8);
        try {
            return parse(oid, s);
        } catch (RuntimeException notAsExpected) {
            return s; // e.g. a BC date: the text is still the value
        }
    }

    static Object parse(int oid, String s) {
        return switch (oid) {
            case Oid.BOOL -> "t".equals(s);
            case Oid.INT2 -> Short.parseShort(s);
            case Oid.INT4 -> Integer.parseInt(s);
            case Oid.INT8 -> Long.parseLong(s);
            case Oid.OID -> Long.parseLong(s);
            case Oid.FLOAT4 -> Float.parseFloat(s);
            case Oid.FLOAT8 -> Double.parseDouble(s);
            case Oid.NUMERIC -> numeric(s);
            case Oid.BYTEA -> bytea(s);
            case Oid.DATE -> date(s);
            case Oid.TIME -> LocalTime.parse(s);
            case Oid.TIMESTAMP -> timestamp(s);
            case Oid.TIMESTAMPTZ -> timestamptz(s);
            case Oid.INTERVAL -> interval(s);
            case Oid.UUID -> UUID.fromString(s);
            default -> Oid.elementOf(oid) != 0 ? array(Oid.elementOf(oid), s) : s;
        };
    }

    static Object numeric(String s) {
        return switch (s) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> new BigDecimal(s);
        };
    }

    static byte[] bytea(String s) {
        if (!s.startsWith("\\x")) {
            throw new IllegalArgumentException("bytea not in hex format");
        }
        return HexFormat.of().parseHex(s, 2, s.length());
    }

    static LocalDate date(String s) {
        return switch (s) {
            case "infinity" -> LocalDate.MAX;
            case "-infinity" -> LocalDate.MIN;
            default -> LocalDate.parse(s);
        };
    }

    static LocalDateTime timestamp(String s) {
        return switch (s) {
            case "infinity" -> LocalDateTime.MAX;
            case "-infinity" -> LocalDateTime.MIN;
            default -> LocalDateTime.parse(s, TIMESTAMP);
        };
    }

    static OffsetDateTime timestamptz(String s) {
        return switch (s) {
            case "infinity" -> OffsetDateTime.MAX;
            case "-infinity" -> OffsetDateTime.MIN;
            default -> OffsetDateTime.parse(s, TIMESTAMPTZ);
        };
    }

    /** ISO 8601 as IntervalStyle iso_8601 writes it: P1Y2M3DT4H5M6.5S, each part signed. */
    static PgInterval interval(String s) {
        if (!s.startsWith("P")) {
            throw new DateTimeParseException("not an ISO 8601 interval", s, 0);
        }
        int months = 0;
        int days = 0;
        long micros = 0;
        boolean time = false;
        int i = 1;
        while (i < s.length()) {
            if (s.charAt(i) == 'T') {
                time = true;
                i++;
                continue;
            }
            int j = i;
            while (j < s.length() && "+-0123456789.".indexOf(s.charAt(j)) >= 0) {
                j++;
            }
            if (j == i || j == s.length()) {
                throw new DateTimeParseException("malformed interval", s, i);
            }
            BigDecimal n = new BigDecimal(s.substring(i, j));
            char unit = s.charAt(j);
            if (!time) {
                switch (unit) {
                    case 'Y' -> months += n.intValueExact() * 12;
                    case 'M' -> months += n.intValueExact();
                    case 'W' -> days += n.intValueExact() * 7;
                    case 'D' -> days += n.intValueExact();
                    default -> throw new DateTimeParseException("unknown unit", s, j);
                }
            } else {
                long per = switch (unit) {
                    case 'H' -> 3_600_000_000L;
                    case 'M' -> 60_000_000L;
                    case 'S' -> 1_000_000L;
                    default -> throw new DateTimeParseException("unknown unit", s, j);
                };
                micros += n.multiply(BigDecimal.valueOf(per)).longValueExact();
            }
            i = j + 1;
        }
        return new PgInterval(months, days, micros);
    }

    /** An array literal: {1,2,NULL,"a \"b\""}, nested for more dimensions, maybe after "[0:1]=". */
    static List<Object> array(int elementOid, String s) {
        int start = s.startsWith("[") ? s.indexOf('=') + 1 : 0;
        int[] pos = {start};
        List<Object> out = arrayAt(elementOid, s, pos);
        if (pos[0] != s.length()) {
            throw new IllegalArgumentException("trailing characters in array");
        }
        return out;
    }

    private static List<Object> arrayAt(int elementOid, String s, int[] pos) {
        if (s.charAt(pos[0]) != '{') {
            throw new IllegalArgumentException("array does not start with {");
        }
        pos[0]++;
        List<Object> out = new ArrayList<>();
        if (s.charAt(pos[0]) == '}') {
            pos[0]++;
            return out;
        }
        while (true) {
            char c = s.charAt(pos[0]);
            if (c == '{') {
                out.add(arrayAt(elementOid, s, pos));
            } else if (c == '"') {
                StringBuilder sb = new StringBuilder();
                int i = pos[0] + 1;
                for (; s.charAt(i) != '"'; i++) {
                    if (s.charAt(i) == '\\') {
                        i++;
                    }
                    sb.append(s.charAt(i));
                }
                pos[0] = i + 1;
                out.add(parse(elementOid, sb.toString()));
            } else {
                int i = pos[0];
                while (s.charAt(i) != ',' && s.charAt(i) != '}') {
                    i++;
                }
                String item = s.substring(pos[0], i);
                pos[0] = i;
                out.add("NULL".equals(item) ? null : parse(elementOid, item));
            }
            char sep = s.charAt(pos[0]++);
            if (sep == '}') {
                return out;
            }
            if (sep != ',') {
                throw new IllegalArgumentException("bad separator in array");
            }
        }
    }
}
