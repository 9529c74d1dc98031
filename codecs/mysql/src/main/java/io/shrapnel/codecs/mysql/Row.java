package io.shrapnel.codecs.mysql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One row of a result, its values already decoded (see {@link #get(int)} for the Java types).
 * Columns count from 0. Immutable.
 */
public final class Row {
    private final List<Column> columns;
    private final Object[] values;

    Row(List<Column> columns, Object[] values) {
        this.columns = columns;
        this.values = values;
    }

    public int size() {
        return values.length;
    }

    public List<Column> columns() {
        return columns;
    }

    /**
     * The value: null, Integer (TINYINT..INT, YEAR), Long (INT UNSIGNED, BIGINT, BIT), BigInteger
     * (BIGINT UNSIGNED), BigDecimal, Float, Double, LocalDate, LocalDateTime, Duration (TIME),
     * String (text, JSON, ENUM, SET) or byte[] (binary strings, blobs).
     */
    public Object get(int index) {
        return values[index];
    }

    /** The value of the first column with this label (case-insensitive). */
    public Object get(String column) {
        return values[indexOf(column)];
    }

    public int indexOf(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(column)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no column '" + column + "' in this result; columns are "
                + columns.stream().map(Column::name).toList());
    }

    public boolean isNull(int index) {
        return values[index] == null;
    }

    /** The value as text (bytes read as UTF-8, numbers and times by {@code toString}); null for NULL. */
    public String getString(int index) {
        return switch (values[index]) {
            case null -> null;
            case byte[] b -> new String(b, StandardCharsets.UTF_8);
            case Object o -> o.toString();
        };
    }

    public String getString(String column) {
        return getString(indexOf(column));
    }

    /** A numeric value as a long (fails for NULL and for values that are not numbers). */
    public long getLong(int index) {
        return number(index).longValue();
    }

    public long getLong(String column) {
        return getLong(indexOf(column));
    }

    public int getInt(int index) {
        return number(index).intValue();
    }

    public BigInteger getBigInteger(int index) {
        return switch (number(index)) {
            case BigInteger b -> b;
            case BigDecimal d -> d.toBigIntegerExact();
            case Number n -> BigInteger.valueOf(n.longValue());
        };
    }

    public BigDecimal getBigDecimal(int index) {
        return switch (number(index)) {
            case BigDecimal d -> d;
            case BigInteger b -> new BigDecimal(b);
            case Double d -> BigDecimal.valueOf(d);
            case Float f -> new BigDecimal(f.toString());
            case Number n -> BigDecimal.valueOf(n.longValue());
        };
    }

    public byte[] getBytes(int index) {
        return switch (values[index]) {
            case null -> null;
            case byte[] b -> b;
            case Object o -> o.toString().getBytes(StandardCharsets.UTF_8);
        };
    }

    private Number number(int index) {
        Object v = values[index];
        if (v instanceof Number n) {
            return n;
        }
        throw new IllegalStateException("column " + index + " ('" + columns.get(index).name() + "') holds "
                + (v == null ? "NULL" : "a " + v.getClass().getSimpleName()) + ", not a number");
    }

    @Override
    public String toString() {
        return Arrays.deepToString(values);
    }
}
