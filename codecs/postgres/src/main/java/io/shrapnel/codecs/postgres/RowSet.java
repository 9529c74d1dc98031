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
        int n = tag.length();
        if (space < 0 || n - space - 1 > 18) { // 18 digits always fit a long; none (a trailing space) gives 0
            return 0;
        }
        long count = 0;
        for (int i = space + 1; i < n; i++) { // digits read in place: no substring per query
            char c = tag.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            count = count * 10 + (c - '0');
        }
        return count;
    }
}
