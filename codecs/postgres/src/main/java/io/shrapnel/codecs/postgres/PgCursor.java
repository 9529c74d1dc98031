package io.shrapnel.codecs.postgres;

import io.shrapnel.codecs.postgres.internal.MessageWriter;
import io.shrapnel.codecs.postgres.internal.Payload;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * Rows of a portal fetched {@code fetchSize} at a time: Execute with a row limit and Flush, until
 * the server says the portal is done. At most one batch is held, so a result of any size streams
 * in bounded memory. Close it (try-with-resources) to free the connection.
 *
 * <pre>{@code
 * try (PgCursor c = db.cursor("select * from big", 1000)) {
 *     for (Row r; (r = c.next()) != null; ) { ... }
 * }
 * }</pre>
 *
 * <p>Threading: the coro that opened it.
 */
public final class PgCursor implements AutoCloseable {
    static final String PORTAL = "shrapnel_cursor";

    private final PgConnection pg;
    private final int fetchSize;
    private final ArrayDeque<Row> batch = new ArrayDeque<>();
    private List<Column> columns;
    private boolean suspended; // the portal has more rows
    private boolean done;      // closed, or abandoned after a cancel
    private long count;

    private PgCursor(PgConnection pg, int fetchSize) {
        this.pg = pg;
        this.fetchSize = fetchSize;
    }

    static PgCursor open(PgConnection pg, String sql, int fetchSize, Object[] params) throws IOException {
        PgCursor c = new PgCursor(pg, fetchSize);
        MessageWriter out = pg.out();
        Statement st = Statement.of(sql, params);
        ExtendedQuery.closeEvicted(out, pg.cache());
        StatementCache.Prepared p = pg.cache().get(sql);
        if (p == null) {
            ExtendedQuery.parse(out, "", st.sql(), st.params());
        }
        ExtendedQuery.bind(out, PORTAL, p == null ? "" : p.name(), st.params(), p == null ? null : p.resultFormats());
        if (p == null) {
            out.begin('D').int8('P').cstring(PORTAL).end();
        } else {
            c.columns = p.columns();
        }
        pg.setSyncOwed(true);
        c.fetch();
        return c;
    }

    public List<Column> columns() {
        return columns;
    }

    /** The next row, fetching the next batch when this one is used up; null after the last. */
    public Row next() throws IOException {
        if (batch.isEmpty() && suspended && !done) {
            pg.enter("cursor.next");
            try {
                pg.guarded(() -> {
                    fetch();
                    return null;
                });
            } finally {
                pg.exit();
            }
        }
        Row r = batch.poll();
        if (r != null) {
            count++;
        }
        return r;
    }

    /** Rows handed out so far. */
    public long count() {
        return count;
    }

    private void fetch() throws IOException {
        MessageWriter out = pg.out();
        out.begin('E').cstring(PORTAL).int32(fetchSize).end();
        out.begin('H').end();
        pg.flush(0);
        suspended = false;
        while (true) {
            Payload m = pg.next();
            switch (m.type()) {
                case '1', '2', '3' -> { }
                case 'T' -> columns = Messages.rowDescription(m);
                case 'n' -> columns = List.of();
                case 'D' -> {
                    if (columns == null) {
                        throw new PgProtocolException("DataRow before RowDescription");
                    }
                    batch.add(Messages.dataRow(m, columns));
                }
                case 's' -> {
                    suspended = true;
                    return;
                }
                case 'C', 'I' -> {
                    return;
                }
                case 'E' -> {
                    PgException e = new PgException(Messages.notice(m));
                    sync();
                    done = true;
                    release();
                    throw e;
                }
                default -> throw pg.unexpected(m, "a cursor fetch");
            }
        }
    }

    /** Ends the portal's implicit transaction (or closes the portal in an explicit one) and reads up to idle. */
    private void sync() throws IOException {
        MessageWriter out = pg.out();
        if (suspended) {
            out.begin('C').int8('P').cstring(PORTAL).end();
        }
        out.begin('S').end();
        pg.setSyncOwed(false);
        pg.flush(1);
        while (pg.next().type() != 'Z') {
            // CloseComplete, and anything the server still had for the portal
        }
    }

    /** Closes the portal and frees the connection. Idempotent. */
    @Override
    public void close() throws IOException {
        if (done) {
            return;
        }
        done = true;
        batch.clear();
        try {
            if (!pg.isClosed()) {
                pg.guarded(() -> {
                    sync();
                    return null;
                });
            }
        } finally {
            release();
        }
    }

    /** The connection recovered from a cancel with this cursor open: it is over. */
    void abandoned() {
        done = true;
        batch.clear();
        release();
    }

    private void release() {
        if (pg.openCursor == this) {
            pg.openCursor = null;
            pg.exit();
        }
    }

    @Override
    public String toString() {
        return "PgCursor[" + count + " rows" + (done ? ", closed" : "") + ", columns "
                + (columns == null ? "?" : Arrays.toString(columns.stream().map(Column::name).toArray())) + "]";
    }
}
