package io.shrapnel.codecs.postgres;

import java.util.List;

/**
 * The result of one statement: its columns and rows (empty for statements that return none), the
 * command tag ({@code "INSERT 0 3"}, {@code "SELECT 2"}) and the count of rows it affected.
 */
public record RowSet(List<Column> columns, List<Row> rows, String command, long rowsAffected) {
    /** The only row, or null if none; an error if there are several. */
    public Row one() {
        if (rows.size() > 1) {
            throw new IllegalStateException("expected at most one row, got " + rows.size() + " (" + command + ")");
        }
        return rows.isEmpty() ? null : rows.get(0);
    }

    public int size() {
        return rows.size();
    }

    /** "INSERT 0 3" → 3; "SELECT 2" → 2; "BEGIN" → 0. */
    static long affected(String tag) {
        int space = tag.lastIndexOf(' ');
        if (space < 0) {
            return 0;
        }
        try {
            return Long.parseLong(tag.substring(space + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
