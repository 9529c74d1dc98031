package io.shrapnel.codecs.postgres.internal;

import io.shrapnel.codecs.postgres.PgInterval;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Decodes values sent in binary format (only the types {@link Oid#binaryResult} names are asked
 * for in binary; anything else arrives as text). A value of the wrong size is a malformed message:
 * {@link IllegalArgumentException}. Stateless.
 */
public final class BinaryValues {
    private BinaryValues() {}

    /** 2000-01-01, PostgreSQL's epoch for dates and timestamps. */
    static final long PG_EPOCH_DAY = LocalDate.of(2000, 1, 1).toEpochDay();
    static final long PG_EPOCH_SECOND = PG_EPOCH_DAY * 86_400;

    public static Object decode(int oid, byte[] b, int off, int len) {
        try {
            return decodeChecked(oid, b, off, len);
        } catch (java.time.DateTimeException | ArithmeticException outOfRange) {
            throw new IllegalArgumentException("malformed binary value of type " + oid + ": " + outOfRange.getMessage(),
                    outOfRange);
        }
    }

    private static Object decodeChecked(int oid, byte[] b, int off, int len) {
        return switch (oid) {
            case Oid.BOOL -> size(oid, len, 1) && b[off] != 0;
            case Oid.INT2 -> size(oid, len, 2) ? (short) Bytes.int16(b, off) : null;
            case Oid.INT4 -> size(oid, len, 4) ? Bytes.int32(b, off) : null;
            case Oid.OID -> size(oid, len, 4) ? Bytes.int32(b, off) & 0xffffffffL : null;
            case Oid.INT8 -> size(oid, len, 8) ? Bytes.int64(b, off) : null;
            case Oid.FLOAT4 -> size(oid, len, 4) ? Float.intBitsToFloat(Bytes.int32(b, off)) : null;
            case Oid.FLOAT8 -> size(oid, len, 8) ? Double.longBitsToDouble(Bytes.int64(b, off)) : null;
            case Oid.BYTEA -> Arrays.copyOfRange(b, off, off + len);
            case Oid.DATE -> size(oid, len, 4) ? date(Bytes.int32(b, off)) : null;
            case Oid.TIME -> size(oid, len, 8) ? LocalTime.ofNanoOfDay(Bytes.int64(b, off) * 1000) : null;
            case Oid.TIMESTAMP -> size(oid, len, 8) ? timestamp(Bytes.int64(b, off)) : null;
            case Oid.TIMESTAMPTZ -> size(oid, len, 8) ? timestamptz(Bytes.int64(b, off)) : null;
            case Oid.INTERVAL -> size(oid, len, 16)
                    ? new PgInterval(Bytes.int32(b, off + 12), Bytes.int32(b, off + 8), Bytes.int64(b, off)) : null;
            case Oid.UUID -> size(oid, len, 16) ? new UUID(Bytes.int64(b, off), Bytes.int64(b, off + 8)) : null;
            case Oid.NUMERIC -> numeric(b, off, len);
            case Oid.JSONB -> len > 0 && b[off] == 1 ? new String(b, off + 1, len - 1, StandardCharsets.UTF_8)
                    : new String(b, off, len, StandardCharsets.UTF_8);
            default -> Oid.elementOf(oid) != 0 ? array(b, off, len)
                    : new String(b, off, len, StandardCharsets.UTF_8);
        };
    }

    private static boolean size(int oid, int len, int expected) {
        if (len != expected) {
            throw new IllegalArgumentException("malformed binary value of type " + oid + ": " + len + " bytes, expected "
                    + expected);
        }
        return true;
    }

    static LocalDate date(int days) {
        if (days == Integer.MAX_VALUE) {
            return LocalDate.MAX;
        }
        if (days == Integer.MIN_VALUE) {
            return LocalDate.MIN;
        }
        return LocalDate.ofEpochDay(PG_EPOCH_DAY + days);
    }

    static LocalDateTime timestamp(long micros) {
        if (micros == Long.MAX_VALUE) {
            return LocalDateTime.MAX;
        }
        if (micros == Long.MIN_VALUE) {
            return LocalDateTime.MIN;
        }
        return LocalDateTime.ofEpochSecond(PG_EPOCH_SECOND + Math.floorDiv(micros, 1_000_000L),
                (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
    }

    static OffsetDateTime timestamptz(long micros) {
        if (micros == Long.MAX_VALUE) {
            return OffsetDateTime.MAX;
        }
        if (micros == Long.MIN_VALUE) {
            return OffsetDateTime.MIN;
        }
        return timestamp(micros).atOffset(ZoneOffset.UTC);
    }

    /** ndigits, weight, sign, dscale, then base-10000 digits. NaN and infinities as doubles. */
    static Object numeric(byte[] b, int off, int len) {
        if (len < 8) {
            throw new IllegalArgumentException("malformed binary numeric: " + len + " bytes");
        }
        int ndigits = Bytes.int16(b, off) & 0xffff;
        int weight = Bytes.int16(b, off + 2);
        int sign = Bytes.int16(b, off + 4) & 0xffff;
        int dscale = Bytes.int16(b, off + 6) & 0xffff;
        switch (sign) {
            case 0xC000 -> {
                return Double.NaN;
            }
            case 0xD000 -> {
                return Double.POSITIVE_INFINITY;
            }
            case 0xF000 -> {
                return Double.NEGATIVE_INFINITY;
            }
            case 0x0000, 0x4000 -> {
                // a number
            }
            default -> throw new IllegalArgumentException("malformed binary numeric: sign " + Integer.toHexString(sign));
        }
        if (len != 8 + 2 * ndigits) {
            throw new IllegalArgumentException("malformed binary numeric: " + ndigits + " digits in " + len + " bytes");
        }
        BigInteger unscaled = BigInteger.ZERO;
        BigInteger base = BigInteger.valueOf(10_000);
        for (int i = 0; i < ndigits; i++) {
            unscaled = unscaled.multiply(base).add(BigInteger.valueOf(Bytes.int16(b, off + 8 + 2 * i)));
        }
        BigDecimal value = new BigDecimal(unscaled).scaleByPowerOfTen(4 * (weight - ndigits + 1));
        if (sign == 0x4000) {
            value = value.negate();
        }
        return value.setScale(dscale, RoundingMode.DOWN);
    }

    /** ndim, flags, element type, (size, lower bound) per dimension, then length-prefixed elements. */
    static List<Object> array(byte[] b, int off, int len) {
        if (len < 12) {
            throw new IllegalArgumentException("malformed binary array: " + len + " bytes");
        }
        int ndim = Bytes.int32(b, off);
        int elementOid = Bytes.int32(b, off + 8);
        if (ndim == 0) {
            return new ArrayList<>();
        }
        if (ndim < 0 || ndim > 6 || len < 12 + 8 * ndim) {
            throw new IllegalArgumentException("malformed binary array: " + ndim + " dimensions");
        }
        int[] dims = new int[ndim];
        for (int d = 0; d < ndim; d++) {
            dims[d] = Bytes.int32(b, off + 12 + 8 * d);
            if (dims[d] < 0) {
                throw new IllegalArgumentException("malformed binary array: dimension of " + dims[d]);
            }
        }
        int[] pos = {off + 12 + 8 * ndim};
        List<Object> out = elements(b, pos, off + len, dims, 0, elementOid);
        if (pos[0] != off + len) {
            throw new IllegalArgumentException("malformed binary array: bytes left over");
        }
        return out;
    }

    private static List<Object> elements(byte[] b, int[] pos, int end, int[] dims, int d, int elementOid) {
        List<Object> out = new ArrayList<>(Math.min(dims[d], 1024));
        for (int i = 0; i < dims[d]; i++) {
            if (d + 1 < dims.length) {
                out.add(elements(b, pos, end, dims, d + 1, elementOid));
                continue;
            }
            if (end - pos[0] < 4) {
                throw new IllegalArgumentException("malformed binary array: truncated");
            }
            int n = Bytes.int32(b, pos[0]);
            pos[0] += 4;
            if (n == -1) {
                out.add(null);
            } else if (n < 0 || end - pos[0] < n) {
                throw new IllegalArgumentException("malformed binary array: element of " + n + " bytes");
            } else {
                out.add(decode(elementOid, b, pos[0], n));
                pos[0] += n;
            }
        }
        return out;
    }
}
