package io.shrapnel.codecs.postgres;

import io.shrapnel.codecs.postgres.internal.MessageWriter;
import io.shrapnel.codecs.postgres.internal.Payload;
import io.shrapnel.kernel.Coro;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * The exchange of a {@link PgBatch}: [Parse Describe-statement] (Bind Execute)* Sync, encoded whole
 * before anything is sent (a value that cannot be sent fails the batch with nothing sent), written
 * by a coro of its own while this one reads the answers: the server never blocks on answers nobody
 * reads, so the batch's size is not bounded by the socket buffers.
 *
 * <p>Threading: the connection's owning coro (and the writer coro it starts), for one exchange.
 */
final class BatchQuery {
    private final PgConnection pg;

    BatchQuery(PgConnection pg) {
        this.pg = pg;
    }

    long[] run(String sql, List<Object[]> entries) throws IOException {
        MessageWriter out = pg.out();
        StatementCache cache = pg.cache();
        ExtendedQuery.closeEvicted(out, cache);
        StatementCache.Prepared p = cache.get(sql);
        String name = p != null ? p.name() : cache.newName();
        int size = entries.size();
        if (p == null) {
            ExtendedQuery.parse(out, name, sql, Arrays.asList(entries.getFirst()));
            out.begin('D').int8('S').cstring(name).end();
        }
        int[] formats = p == null ? null : p.resultFormats();
        for (int i = 0; i < size; i++) {
            ExtendedQuery.bind(out, "", name, Arrays.asList(entries.get(i)), formats);
            out.begin('E').cstring("").int32(0).end();
        }
        out.begin('S').end();
        Coro writer = pg.flushBehind(1);
        long[] counts;
        try {
            counts = read(sql, name, p, size);
        } catch (Throwable t) {
            if (!writer.isDead()) {
                pg.fail(t); // part of the batch is still unsent: the connection cannot be brought back
            }
            writer.join(); // ended by the close, if not before
            throw t;
        }
        writer.join(); // the Sync was answered, so it has written everything
        return counts;
    }

    private long[] read(String sql, String name, StatementCache.Prepared p, int size) throws IOException {
        long[] counts = new long[size];
        int done = 0;
        boolean parseOk = false;
        List<Column> columns = null;
        PgException error = null;
        while (true) {
            Payload m = pg.next();
            switch (m.type()) {
                case '1' -> parseOk = true;
                case '2', '3', 't', 'D' -> { }
                case 'T' -> columns = Messages.rowDescription(m);
                case 'n' -> columns = List.of();
                case 'C' -> counts[done++] = RowSet.affected(m.cstring());
                case 'I' -> done++;
                case 'E' -> {
                    if (error == null) {
                        boolean statementFailed = p == null && !parseOk;
                        error = new PgBatchException(Messages.notice(m), statementFailed ? -1 : done, size);
                    }
                }
                case 'Z' -> {
                    remember(sql, name, p, parseOk, columns, error);
                    if (error != null) {
                        throw error;
                    }
                    if (done != size) {
                        throw new PgProtocolException("a batch of " + size + " got " + done + " CommandCompletes");
                    }
                    return counts;
                }
                default -> throw pg.unexpected(m, "a batch");
            }
        }
    }

    private void remember(String sql, String name, StatementCache.Prepared p, boolean parseOk, List<Column> columns,
            PgException error) {
        StatementCache cache = pg.cache();
        if (p == null && parseOk && columns != null && !name.isEmpty()) { // described: Describe follows Parse
            cache.put(sql, StatementCache.Prepared.of(name, columns));
        }
        if (error != null && p != null && ExtendedQuery.isStale(error.sqlState())) {
            cache.invalidate(sql);
        }
    }
}
