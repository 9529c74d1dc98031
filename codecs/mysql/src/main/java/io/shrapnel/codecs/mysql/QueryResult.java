package io.shrapnel.codecs.mysql;

import java.util.List;

/**
 * The outcome of one statement: a result set ({@link #columns()} non-empty, with its rows, unless
 * they were streamed) or an update count. {@code affectedRows} and {@code lastInsertId} come from
 * the OK packet of statements that change rows.
 */
public record QueryResult(List<Column> columns, List<Row> rows, long affectedRows, long lastInsertId, int warnings) {
    /** True for a result set, false for an update count. */
    public boolean isResultSet() {
        return !columns.isEmpty();
    }

    /** The single value of a one-row, one-column result (e.g. {@code SELECT COUNT(*)}). */
    public Object scalar() {
        if (rows.size() != 1 || columns.size() != 1) {
            throw new IllegalStateException("scalar() needs exactly one row and one column, not " + rows.size()
                    + " row(s) of " + columns.size() + " column(s)");
        }
        return rows.getFirst().get(0);
    }
}
