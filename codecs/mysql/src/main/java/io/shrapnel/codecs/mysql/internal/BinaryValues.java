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
 * Values of the binary protocol (COM_STMT_EXECUTE rows): fixed-width little-endian numbers,
 * length-prefixed temporals, length-encoded strings; the same Java types as {@link TextValues}.
 */
public final class BinaryValues {
    private BinaryValues() {}

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    public static Object decode(Column c, PacketReader r) throws MySqlProtocolException {
        return switch (c.type()) {
            case TINY -> c.unsigned() ? r.int1() : (int) (byte) r.int1();
            case SHORT -> c.unsigned() ? r.int2() : (int) (short) r.int2();
            case YEAR -> r.int2();
            case INT24, LONG -> {
                long v = r.int4();
                yield c.unsigned() && c.type() == io.shrapnel.codecs.mysql.ColumnType.LONG ? (Object) v : (Object) (int) v;
            }
            case LONGLONG -> {
                long v = r.int8();
                yield c.unsigned() ? (Object) unsigned(v) : (Object) v;
            }
            case FLOAT -> Float.intBitsToFloat((int) r.int4());
            case DOUBLE -> Double.longBitsToDouble(r.int8());
            case DECIMAL, NEWDECIMAL -> new BigDecimal(new String(lenenc(r), StandardCharsets.US_ASCII));
            case DATE, NEWDATE -> {
                LocalDateTime t = dateTime(r);
                yield t == null ? null : t.toLocalDate();
            }
            case DATETIME, TIMESTAMP -> dateTime(r);
            case TIME -> time(r);
            case BIT -> TextValues.bits(lenenc(r));
            case NULL -> null;
            case GEOMETRY -> lenenc(r);
            default -> {
                byte[] raw = lenenc(r);
                yield c.binary() ? raw : new String(raw, c.charset());
            }
        };
    }

    static BigInteger unsigned(long v) {
        BigInteger b = BigInteger.valueOf(v);
        return v < 0 ? b.add(TWO_64) : b;
    }

    private static byte[] lenenc(PacketReader r) throws MySqlProtocolException {
        byte[] b = r.lenencBytes();
        if (b == null) {
            throw new MySqlProtocolException("a NULL marker inside a binary row (NULLs belong in the bitmap)");
        }
        return b;
    }

    private static LocalDateTime dateTime(PacketReader r) throws MySqlProtocolException {
        int n = r.int1();
        if (n != 0 && n != 4 && n != 7 && n != 11) {
            throw new MySqlProtocolException("binary DATETIME of " + n + " bytes (0, 4, 7 or 11 expected)");
        }
        if (n == 0) {
            return null; // the zero date
        }
        int year = r.int2();
        int month = r.int1();
        int day = r.int1();
        int hour = 0, minute = 0, second = 0, micros = 0;
        if (n >= 7) {
            hour = r.int1();
            minute = r.int1();
            second = r.int1();
        }
        if (n == 11) {
            micros = (int) r.int4();
        }
        if (month == 0 || day == 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, micros * 1000);
        } catch (java.time.DateTimeException e) {
            throw new MySqlProtocolException("invalid binary DATETIME: " + e.getMessage(), e);
        }
    }

    private static Duration time(PacketReader r) throws MySqlProtocolException {
        int n = r.int1();
        if (n != 0 && n != 8 && n != 12) {
            throw new MySqlProtocolException("binary TIME of " + n + " bytes (0, 8 or 12 expected)");
        }
        if (n == 0) {
            return Duration.ZERO;
        }
        boolean negative = r.int1() == 1;
        long days = r.int4();
        Duration d = Duration.ofDays(days).plusHours(r.int1()).plusMinutes(r.int1()).plusSeconds(r.int1());
        if (n == 12) {
            d = d.plusNanos(r.int4() * 1000);
        }
        return negative ? d.negated() : d;
    }
}
