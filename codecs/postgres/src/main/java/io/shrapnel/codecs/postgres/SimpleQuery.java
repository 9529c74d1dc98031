package io.shrapnel.codecs.postgres;

import io.shrapnel.codecs.postgres.internal.Payload;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One Query message and its answers up to ReadyForQuery: a {@link RowSet} per statement; the
 * first ErrorResponse is thrown after ReadyForQuery, so the connection is idle again.
 *
 * <p>Threading: the connection's owning coro, for one exchange.
 */
final class SimpleQuery {
    private final PgConnection pg;

    SimpleQuery(PgConnection pg) {
        this.pg = pg;
    }

    List<RowSet> run(String sql) throws IOException {
        pg.out().begin('Q').cstring(sql).end();
        pg.flush(1);
        List<RowSet> results = new ArrayList<>();
        List<Column> columns = null;
        List<Row> rows = null;
        PgException error = null;
        while (true) {
            Payload m = pg.next();
            switch (m.type()) {
                case 'T' -> {
                    columns = Messages.rowDescription(m);
                    rows = new ArrayList<>();
                }
                case 'D' -> {
                    if (columns == null) {
                        throw new PgProtocolException("DataRow before RowDescription");
                    }
                    rows.add(Messages.dataRow(m, columns));
                }
                case 'C' -> {
                    String tag = m.cstring();
                    results.add(new RowSet(columns == null ? List.of() : columns, rows == null ? List.of() : rows,
                            tag, RowSet.affected(tag)));
                    columns = null;
                    rows = null;
                }
                case 'I' -> results.add(new RowSet(List.of(), List.of(), "", 0));
                case 'E' -> {
                    if (error == null) {
                        error = new PgException(Messages.notice(m));
                    }
                }
                case 'G' -> { // COPY FROM STDIN in a simple query: there is no data to send
                    pg.out().begin('f').cstring("COPY FROM STDIN needs PgConnection.copyIn").end();
                    pg.flush(0);
                }
                case 'H', 'd', 'c' -> { } // COPY TO STDOUT in a simple query: dropped (use copyOut)
                case 'Z' -> {
                    if (error != null) {
                        throw error;
                    }
                    return results;
                }
                default -> throw pg.unexpected(m, "a simple query");
            }
        }
    }
}
