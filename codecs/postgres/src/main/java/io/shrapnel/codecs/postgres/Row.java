package io.shrapnel.codecs.postgres;

import io.shrapnel.codecs.postgres.internal.BinaryValues;
import io.shrapnel.codecs.postgres.internal.Bytes;
import io.shrapnel.codecs.postgres.internal.TextValues;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One row of a result. Values are decoded when asked for: {@link #get(int)} gives the Java value
 * of the column's type (Integer, Long, String, BigDecimal, byte[], java.time values, UUID,
 * {@link PgInterval}, List for arrays; text for types this client does not know; null for NULL).
 * Columns count from 0.
 *
 * <p>Threading: immutable after construction; any thread.
 */
public final class Row {
    private final List<Column> columns;
    private final byte[] data;
    /** Where each value starts in {@code data}, right after its int32 length; -1 for NULL. */
    private final int[] offsets;

    Row(List<Column> columns, byte[] data, int[] offsets) {
        this.columns = columns;
        this.data = data;
        this.offsets = offsets;
    }

    private int length(int i) {
        return Bytes.int32(data, offsets[i] - 4);
    }

    public List<Column> columns() {
        return columns;
    }

    public int size() {
        return offsets.length;
    }

    public boolean isNull(int i) {
        return offsets[check(i)] < 0;
    }

    /** The value of column {@code i}, decoded from its type; null for SQL NULL. */
    public Object get(int i) {
        check(i);
        if (offsets[i] < 0) {
            return null;
        }
        Column c = columns.get(i);
        return c.format() == 1 ? BinaryValues.decode(c.typeOid(), data, offsets[i], length(i))
                : TextValues.decode(c.typeOid(), data, offsets[i], length(i));
    }

    /** The value of the column named {@code name} (the first, if several share it). */
    public Object get(String name) {
        return get(indexOf(name));
    }

    /** The value cast to {@code type}, with a message naming the column when it is something else. */
    public <T> T get(int i, Class<T> type) {
        Object v = get(i);
        if (v != null && !type.isInstance(v)) {
            throw new ClassCastException("column " + i + " (" + columns.get(i).name() + ", type oid "
                    + columns.get(i).typeOid() + ") holds a " + v.getClass().getName() + ", not a " + type.getName());
        }
        return type.cast(v);
    }

    /** The column as text (binary values are decoded, then turned into their string form). */
    public String getString(int i) {
        check(i);
        if (offsets[i] < 0) {
            return null;
        }
        if (columns.get(i).format() == 0) {
            return new String(data, offsets[i], length(i), StandardCharsets.UTF_8);
        }
        Object v = get(i);
        return v instanceof byte[] b ? "\\x" + java.util.HexFormat.of().formatHex(b) : String.valueOf(v);
    }

    public String getString(String name) {
        return getString(indexOf(name));
    }

    /** An integer column (int2, int4, int8 within range); NullPointerException naming the column on NULL. */
    public int getInt(int i) {
        return Math.toIntExact(number(i).longValue());
    }

    public long getLong(int i) {
        return number(i).longValue();
    }

    public double getDouble(int i) {
        return number(i).doubleValue();
    }

    public boolean getBoolean(int i) {
        return notNull(i, Boolean.class);
    }

    public BigDecimal getBigDecimal(int i) {
        Object v = get(i);
        return v == null ? null : v instanceof BigDecimal d ? d : new BigDecimal(v.toString());
    }

    private Number number(int i) {
        Object v = notNull(i, Object.class);
        if (v instanceof Number n) {
            return n;
        }
        return new BigDecimal(v.toString());
    }

    private <T> T notNull(int i, Class<T> type) {
        T v = get(i, type);
        if (v == null) {
            throw new NullPointerException("column " + i + " (" + columns.get(i).name() + ") is NULL; use get(" + i
                    + ") or isNull(" + i + ") for nullable columns");
        }
        return v;
    }

    private int check(int i) {
        if (i < 0 || i >= offsets.length) {
            throw new IndexOutOfBoundsException("column " + i + " of a row of " + offsets.length
                    + " columns (columns count from 0)");
        }
        return i;
    }

    public int indexOf(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no column named " + name + " in " + columns.stream().map(Column::name).toList());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Row[");
        for (int i = 0; i < size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(columns.get(i).name()).append('=').append(getString(i));
        }
        return sb.append(']').toString();
    }
}
