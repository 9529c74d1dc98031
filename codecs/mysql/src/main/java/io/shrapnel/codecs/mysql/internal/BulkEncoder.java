package io.shrapnel.codecs.mysql.internal;

import io.shrapnel.codecs.mysql.ColumnType;
import java.util.List;

/**
 * Encodes MariaDB's COM_STMT_BULK_EXECUTE (MariaDB 10.2+, capability
 * {@link Capabilities#STMT_BULK_OPERATIONS}): a prepared statement's id, the parameter types once,
 * then every row's parameters, each behind an indicator byte (a value follows, or NULL). The server
 * runs the statement once per row and answers with one OK (the affected rows summed) or one ERR.
 *
 * <p>A command holds the rows from {@code from} on until its payload reaches {@code maxBytes}
 * (always at least one row), or until a row's non-null parameter has another binary type than the
 * earlier rows' in that column (the types are sent once per command): the caller sends the rest in
 * further commands.
 */
public final class BulkEncoder {
    private BulkEncoder() {}

    public static final int COM_STMT_BULK_EXECUTE = 0xFA;
    static final int SEND_TYPES_TO_SERVER = 128;
    static final int VALUE = 0;
    static final int NULL = 1;

    /** One command: its payload and how many rows (from the {@code from} it was asked for) it holds. */
    public record Chunk(byte[] payload, int rows) {}

    public static Chunk encode(long statementId, List<Object[]> rows, int from, int maxBytes) {
        int params = rows.get(from).length;
        int[] types = new int[params]; // 0: no non-null value seen yet in this column
        PacketWriter values = new PacketWriter(Math.min(maxBytes, 64 + (rows.size() - from) * params * 9));
        int end = from;
        while (end < rows.size() && (end == from || values.length() < maxBytes) && fits(rows.get(end), types)) {
            for (Object p : rows.get(end)) {
                if (p == null) {
                    values.int1(NULL);
                } else {
                    values.int1(VALUE);
                    ExecuteEncoder.value(p, values);
                }
            }
            end++;
        }
        byte[] body = values.toBytes();
        PacketWriter w = new PacketWriter(7 + 2 * params + body.length)
                .int1(COM_STMT_BULK_EXECUTE).int4(statementId).int2(SEND_TYPES_TO_SERVER);
        for (int t : types) {
            int type = t == 0 ? ColumnType.VAR_STRING.code() : t; // a column of NULLs only
            w.int1(type & 0xFF).int1(type >>> 8);
        }
        return new Chunk(w.bytes(body).toBytes(), end - from);
    }

    /** Whether {@code row} matches the types so far; records the types of columns seen first here. */
    private static boolean fits(Object[] row, int[] types) {
        if (row.length != types.length) {
            throw new IllegalArgumentException("every row of a batch needs " + types.length + " parameter(s); one has " + row.length);
        }
        for (int i = 0; i < row.length; i++) {
            if (row[i] != null && types[i] != 0 && ExecuteEncoder.type(row[i]) != types[i]) {
                return false;
            }
        }
        for (int i = 0; i < row.length; i++) {
            if (row[i] != null && types[i] == 0) {
                types[i] = ExecuteEncoder.type(row[i]);
            }
        }
        return true;
    }
}
