package io.shrapnel.codecs.postgres;

import java.util.Map;

/**
 * The fields of an ErrorResponse or NoticeResponse, as the server sent them (absent fields are
 * null; {@code position} is 0 when absent). See "Error and Notice Message Fields" in the
 * PostgreSQL protocol documentation.
 *
 * @param severity localized severity (ERROR, FATAL, PANIC, WARNING, NOTICE, DEBUG, INFO, LOG)
 * @param severityName the same, never localized (PostgreSQL 9.6+)
 * @param sqlState the SQLSTATE code, e.g. {@code 23505} for a unique violation
 * @param message the primary message
 * @param detail an optional secondary message
 * @param hint an optional suggestion what to do
 * @param position 1-based character index into the query where the error is, or 0
 * @param internalPosition position in {@code internalQuery}, or 0
 * @param internalQuery the text of a failed internally generated command
 * @param where the context (call stack) of the error
 * @param schema schema of the object, table, column, dataType, constraint: the object concerned
 * @param file source file, line, routine: where in the server's code
 */
public record PgNotice(String severity, String severityName, String sqlState, String message, String detail,
                       String hint, int position, int internalPosition, String internalQuery, String where,
                       String schema, String table, String column, String dataType, String constraint,
                       String file, String line, String routine) {

    /** Builds one from the field codes of the protocol (unknown codes are ignored, as the protocol asks). */
    public static PgNotice of(Map<Character, String> f) {
        return new PgNotice(f.get('S'), f.get('V'), f.get('C'), f.get('M'), f.get('D'), f.get('H'),
                parsePosition(f.get('P')), parsePosition(f.get('p')), f.get('q'), f.get('W'), f.get('s'),
                f.get('t'), f.get('c'), f.get('d'), f.get('n'), f.get('F'), f.get('L'), f.get('R'));
    }

    private static int parsePosition(String s) {
        if (s == null) {
            return 0;
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** "ERROR 42P01: relation "x" does not exist (at character 15)". */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(severity).append(' ').append(sqlState).append(": ").append(message);
        if (detail != null) {
            sb.append("; detail: ").append(detail);
        }
        if (hint != null) {
            sb.append("; hint: ").append(hint);
        }
        if (position > 0) {
            sb.append(" (at character ").append(position).append(')');
        }
        return sb.toString();
    }
}
