package io.shrapnel.codecs.postgres;

import io.shrapnel.codecs.postgres.internal.MessageWriter;
import io.shrapnel.codecs.postgres.internal.Payload;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * COPY FROM STDIN and COPY TO STDOUT through a simple Query: the data streams in CopyData messages
 * of at most 64 KiB, so neither side is held in memory.
 *
 * <p>Threading: the connection's owning coro, for one exchange.
 */
final class Copy {
    static final int CHUNK = 64 * 1024;

    private final PgConnection pg;

    Copy(PgConnection pg) {
        this.pg = pg;
    }

    long in(String sql, InputStream data) throws IOException {
        start(sql, 'G', "COPY FROM STDIN (is the statement a COPY ... FROM STDIN?)");
        pg.setCopyingIn(true);
        byte[] chunk = new byte[CHUNK];
        MessageWriter out = pg.out();
        IOException sourceFailed = null;
        while (true) {
            int n;
            try {
                n = data.read(chunk);
            } catch (IOException e) {
                sourceFailed = e;
                break;
            }
            if (n < 0) {
                break;
            }
            out.begin('d').bytes(chunk, 0, n).end();
            pg.flush(0);
        }
        pg.setCopyingIn(false);
        if (sourceFailed != null) {
            out.begin('f').cstring("the client's data source failed: " + sourceFailed).end();
        } else {
            out.begin('c').end();
        }
        pg.flush(0);
        try {
            return finish();
        } catch (PgException e) {
            if (sourceFailed != null) {
                sourceFailed.addSuppressed(e);
                throw sourceFailed;
            }
            throw e;
        }
    }

    long out(String sql, OutputStream sink) throws IOException {
        start(sql, 'H', "COPY TO STDOUT (is the statement a COPY ... TO STDOUT?)");
        while (true) {
            Payload m = pg.next();
            switch (m.type()) {
                case 'd' -> sink.write(m.array(), m.position(), m.remaining());
                case 'c' -> {
                    return finish();
                }
                case 'E' -> {
                    PgException e = new PgException(Messages.notice(m));
                    finish();
                    throw e;
                }
                default -> throw pg.unexpected(m, "COPY TO STDOUT");
            }
        }
    }

    /** Sends the COPY statement and waits for the server to enter copy mode ({@code expected}: 'G' or 'H'). */
    private void start(String sql, char expected, String what) throws IOException {
        pg.out().begin('Q').cstring(sql).end();
        pg.flush(1);
        Payload m = pg.next();
        if (m.type() == 'E') {
            PgException e = new PgException(Messages.notice(m));
            finish();
            throw e;
        }
        if (m.type() != expected) {
            throw pg.unexpected(m, what);
        }
    }

    /** CommandComplete (the row count) and ReadyForQuery; the first error after them. */
    private long finish() throws IOException {
        long rows = 0;
        PgException error = null;
        while (true) {
            Payload m = pg.next();
            switch (m.type()) {
                case 'C' -> rows = RowSet.affected(m.cstring());
                case 'E' -> {
                    if (error == null) {
                        error = new PgException(Messages.notice(m));
                    }
                }
                case 'Z' -> {
                    if (error != null) {
                        throw error;
                    }
                    return rows;
                }
                default -> throw pg.unexpected(m, "the end of a COPY");
            }
        }
    }
}
