package io.shrapnel.codecs.postgres.internal;

import io.shrapnel.codecs.postgres.PgInterval;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.UUID;

/**
 * Encodes Java values as Bind parameters: text format (the server converts to the column's type,
 * as it would a literal), except {@code byte[]}, sent in binary as bytea. Stateless.
 */
public final class Params {
    private Params() {}

    /** Whether {@code value} goes in binary format (format code 1). */
    public static boolean binary(Object value) {
        return value instanceof byte[];
    }

    /** The type OID to declare for {@code value} in Parse; 0 lets the server infer it. */
    public static int typeOf(Object value) {
        return value instanceof byte[] ? Oid.BYTEA : 0;
    }

    /** Writes {@code value} as a length-prefixed Bind parameter: -1 for SQL NULL, bytes as they are, the rest as text. */
    public static void write(MessageWriter out, Object value) {
        switch (value) {
            case null -> out.value(null);
            case byte[] b -> out.value(b);
            case Integer i -> out.decimalValue(i);
            case Long l -> out.decimalValue(l);
            case Short s -> out.decimalValue(s);
            default -> out.textValue(text(value));
        }
    }

    /** The text form of a non-null value other than {@code byte[]} (what {@link #encode} sends). */
    public static String text(Object v) {
        return switch (v) {
            case String s -> s;
            case Boolean b -> b ? "t" : "f";
            case Integer i -> i.toString();
            case Long l -> l.toString();
            case Short s -> s.toString();
            case Byte b -> b.toString();
            case BigInteger i -> i.toString();
            case BigDecimal d -> d.toPlainString();
            case Double d -> d.toString();
            case Float f -> f.toString();
            case UUID u -> u.toString();
            case LocalDate d -> d.toString();
            case LocalTime t -> t.toString();
            case LocalDateTime t -> t.toString();
            case OffsetDateTime t -> t.toString();
            case ZonedDateTime t -> t.toOffsetDateTime().toString();
            case Instant i -> i.toString();
            case PgInterval i -> i.toString();
            case Duration d -> d.toString();
            case Character c -> c.toString();
            case Collection<?> c -> array(c.toArray());
            case Object[] a -> array(a);
            case int[] a -> array(java.util.Arrays.stream(a).boxed().toArray());
            case long[] a -> array(java.util.Arrays.stream(a).boxed().toArray());
            default -> throw new IllegalArgumentException("cannot send a " + v.getClass().getName()
                    + " as a PostgreSQL parameter; pass a String, a number, a Boolean, a java.time value, a UUID, "
                    + "a byte[], a PgInterval, or a List or array of these");
        };
    }

    /** A text array literal: every element quoted and escaped, so any text is safe inside. */
    static String array(Object[] items) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < items.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            Object item = items[i];
            if (item == null) {
                sb.append("NULL");
            } else if (item instanceof Collection<?> || item instanceof Object[]) {
                sb.append(text(item));
            } else {
                String s = item instanceof byte[] b ? "\\x" + java.util.HexFormat.of().formatHex(b) : text(item);
                sb.append('"');
                for (int j = 0; j < s.length(); j++) {
                    char c = s.charAt(j);
                    if (c == '"' || c == '\\') {
                        sb.append('\\');
                    }
                    sb.append(c);
                }
                sb.append('"');
            }
        }
        return sb.append('}').toString();
    }
}
