package io.shrapnel.codecs.mysql.internal;

import io.shrapnel.codecs.mysql.ColumnType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/**
 * Encodes COM_STMT_EXECUTE: the statement id, the NULL bitmap, each parameter's type and its
 * value in the binary protocol. Java types accepted: null, Boolean, Byte/Short/Integer/Long,
 * BigInteger (up to unsigned 64 bits as BIGINT UNSIGNED, larger as DECIMAL), BigDecimal, Float,
 * Double, String, byte[], LocalDate, LocalDateTime, LocalTime, Duration (TIME).
 */
public final class ExecuteEncoder {
    private ExecuteEncoder() {}

    public static final int COM_STMT_EXECUTE = 0x17;
    private static final int UNSIGNED = 0x80;
    private static final BigInteger MAX_U64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    public static byte[] encode(long statementId, Object[] params) {
        PacketWriter w = new PacketWriter(32 + params.length * 16);
        w.int1(COM_STMT_EXECUTE).int4(statementId).int1(0).int4(1);
        if (params.length == 0) {
            return w.toBytes();
        }
        byte[] nulls = new byte[(params.length + 7) / 8];
        for (int i = 0; i < params.length; i++) {
            if (params[i] == null) {
                nulls[i / 8] |= (byte) (1 << (i % 8));
            }
        }
        w.bytes(nulls);
        w.int1(1); // types follow
        for (Object p : params) {
            typeOf(p, w);
        }
        for (Object p : params) {
            value(p, w);
        }
        return w.toBytes();
    }

    private static void typeOf(Object p, PacketWriter w) {
        int t = type(p);
        w.int1(t & 0xFF).int1(t >>> 8);
    }

    /**
     * The binary protocol's type of a parameter: the field type in the low byte, the flag byte
     * (0x80 = unsigned) above it. Throws {@link IllegalArgumentException} for a Java type it cannot send.
     */
    public static int type(Object p) {
        return switch (p) {
            case null -> ColumnType.NULL.code();
            case Boolean b -> ColumnType.TINY.code();
            case Byte b -> ColumnType.TINY.code();
            case Short s -> ColumnType.SHORT.code();
            case Integer i -> ColumnType.LONG.code();
            case Long l -> ColumnType.LONGLONG.code();
            case BigInteger b when b.signum() >= 0 && b.compareTo(MAX_U64) <= 0 -> ColumnType.LONGLONG.code() | UNSIGNED << 8;
            case BigInteger b -> ColumnType.NEWDECIMAL.code();
            case BigDecimal b -> ColumnType.NEWDECIMAL.code();
            case Float f -> ColumnType.FLOAT.code();
            case Double d -> ColumnType.DOUBLE.code();
            case String s -> ColumnType.VAR_STRING.code();
            case byte[] b -> ColumnType.BLOB.code();
            case LocalDate d -> ColumnType.DATE.code();
            case LocalDateTime d -> ColumnType.DATETIME.code();
            case LocalTime t2 -> ColumnType.TIME.code();
            case Duration d -> ColumnType.TIME.code();
            default -> throw new IllegalArgumentException("cannot send a " + p.getClass().getName()
                    + " as a statement parameter; use a number, String, byte[], BigDecimal, BigInteger or java.time value");
        };
    }

    /** Writes a non-null parameter's value in the binary protocol (nothing for null). */
    public static void value(Object p, PacketWriter w) {
        switch (p) {
            case null -> { }
            case Boolean b -> w.int1(b ? 1 : 0);
            case Byte b -> w.int1(b);
            case Short s -> w.int2(s);
            case Integer i -> w.int4(i);
            case Long l -> w.int8(l);
            case BigInteger b when b.signum() >= 0 && b.compareTo(MAX_U64) <= 0 -> w.int8(b.longValue());
            case BigInteger b -> w.lenencBytes(b.toString().getBytes(StandardCharsets.US_ASCII));
            case BigDecimal b -> w.lenencBytes(b.toPlainString().getBytes(StandardCharsets.US_ASCII));
            case Float f -> w.int4(Float.floatToIntBits(f));
            case Double d -> w.int8(Double.doubleToLongBits(d));
            case String s -> w.lenencBytes(s.getBytes(StandardCharsets.UTF_8));
            case byte[] b -> w.lenencBytes(b);
            case LocalDate d -> w.int1(4).int2(d.getYear()).int1(d.getMonthValue()).int1(d.getDayOfMonth());
            case LocalDateTime d -> w.int1(11).int2(d.getYear()).int1(d.getMonthValue()).int1(d.getDayOfMonth())
                    .int1(d.getHour()).int1(d.getMinute()).int1(d.getSecond()).int4(d.getNano() / 1000);
            case LocalTime t -> time(w, false, 0, t.getHour(), t.getMinute(), t.getSecond(), t.getNano() / 1000);
            case Duration d -> {
                Duration a = d.abs();
                time(w, d.isNegative(), a.toDays(), a.toHoursPart(), a.toMinutesPart(), a.toSecondsPart(),
                        a.toNanosPart() / 1000);
            }
            default -> throw new IllegalArgumentException("unreachable: typeOf accepted " + p.getClass());
        }
    }

    private static void time(PacketWriter w, boolean negative, long days, int h, int m, int s, int micros) {
        w.int1(12).int1(negative ? 1 : 0).int4(days).int1(h).int1(m).int1(s).int4(micros);
    }
}
