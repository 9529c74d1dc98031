package io.shrapnel.codecs.postgres;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One statement run with many sets of parameters in one exchange, all or nothing: what JDBC's
 * {@code executeBatch} does. Made by {@link PgConnection#batch(String)}:
 *
 * <pre>{@code
 * long[] counts = db.batch("insert into users(id, name) values ($1, $2)")
 *         .add(1, "ada")
 *         .add(2, "grace")
 *         .run();
 * }</pre>
 *
 * <p>On the wire: the statement is parsed once (or taken from the connection's statement cache),
 * then one Bind and Execute per entry and a single Sync, written from a coro of its own while the
 * caller reads the answers (so a batch of any size never stalls on full socket buffers). The
 * entries run in one transaction: outside {@code BEGIN} they commit together or, if one fails,
 * none does; inside a transaction a failure leaves it aborted ({@link PgConnection#transactionStatus()}
 * {@code 'E'}) as any failed statement does. A failure is a {@link PgBatchException} naming the entry.
 *
 * <p>Threading: the coro that uses the connection; {@link #run()} may be called again (it sends
 * every entry added so far each time).
 */
public final class PgBatch {
    private final PgConnection connection;
    private final String sql;
    private final List<Object[]> entries = new ArrayList<>();

    PgBatch(PgConnection connection, String sql) {
        if (sql == null) {
            throw new NullPointerException("sql");
        }
        this.connection = connection;
        this.sql = sql;
    }

    /**
     * Adds one entry: the values of {@code $1, $2...} (copied). Every entry must have as many as the
     * first; a value of a type the client cannot send is refused when the batch runs, before anything is sent.
     */
    public PgBatch add(Object... params) {
        Object[] copy = params.clone();
        if (!entries.isEmpty() && entries.getFirst().length != copy.length) {
            throw new IllegalArgumentException("batch entry " + entries.size() + " has " + copy.length
                    + " parameters where entry 0 has " + entries.getFirst().length + " (one statement: " + sql + ")");
        }
        entries.add(copy);
        return this;
    }

    /** How many entries were added. */
    public int size() {
        return entries.size();
    }

    public String sql() {
        return sql;
    }

    /**
     * Runs every entry; returns the rows each one affected, in order (an empty array for no entries,
     * without a round trip). Rows a statement returns are read and dropped.
     *
     * @throws PgBatchException if the server refused an entry (or the statement): nothing of the batch is kept
     */
    public long[] run() throws IOException {
        return connection.runBatch(sql, entries);
    }

    @Override
    public String toString() {
        return "PgBatch[" + entries.size() + " x " + sql + "]";
    }
}
