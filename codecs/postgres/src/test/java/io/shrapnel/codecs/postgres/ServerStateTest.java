package io.shrapnel.codecs.postgres;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.CoroTestExtension;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the client leaves on the server and in itself after each kind of exchange: prepared
 * statements closed when they are not cached, portals closed inside transactions, the statement
 * cache kept across ordinary errors, COPY data sent as it is read.
 */
@ExtendWith({CoroTestExtension.class, PgServer.Extension.class})
class ServerStateTest {
    /** Named prepared statements of this session, as the server lists them (a simple query: no cache involved). */
    private static long preparedOnServer(PgConnection db) throws Exception {
        return db.simpleQuery("select count(*) from pg_prepared_statements").get(0).one().getLong(0);
    }

    @Test
    void aStatementParsedButNotCachedIsClosedOnTheServer() throws Exception {
        Db.with(db -> {
            PgException e = assertThrows(PgException.class, () -> db.query("select $1::int", "not a number"));
            assertEquals("22P02", e.sqlState(), "parsed, then refused at Bind");
            db.query("select 1"); // carries the Close of the statement above
            assertEquals(1, db.cachedStatements());
            assertEquals(1, preparedOnServer(db), "only the cached statement is left on the server");
            return null;
        });
    }

    @Test
    void aStatementTwiceInOnePipelineIsParsedOnce() throws Exception {
        Db.with(db -> {
            List<RowSet> rs = db.pipeline(List.of(Statement.of("select $1::int", 1), Statement.of("select $1::int", 2)));
            assertEquals(2, rs.get(1).one().getInt(0));
            assertEquals(1, preparedOnServer(db));
            return null;
        });
    }

    @Test
    void anOrdinaryErrorKeepsTheStatementCached() throws Exception {
        Db.with(db -> {
            String sql = "select 10 / $1::int";
            assertEquals(5, db.query(sql, 2).one().getInt(0));
            assertEquals(1, db.cachedStatements());
            PgException e = assertThrows(PgException.class, () -> db.query(sql, 0));
            assertEquals("22012", e.sqlState());
            assertEquals(1, db.cachedStatements(), "division by zero says nothing about the statement");
            assertFalse(ExtendedQuery.isStale("22012"));
            return null;
        });
    }

    @Test
    void aCursorClosedInsideATransactionFreesItsPortalName() throws Exception {
        Db.with(db -> db.inTransaction(tx -> {
            for (int i = 0; i < 2; i++) { // the same portal name twice in one transaction
                try (PgCursor c = tx.cursor("select g from generate_series(1, 5) g", 1)) {
                    assertEquals(1, c.next().getInt(0));
                }
            }
            return null;
        }));
    }

    @Test
    void aCursorSendsTheClosesOfEvictedStatements() throws Exception {
        Db.with(PgServer.get().test().statementCacheSize(1).build(), db -> {
            db.query("select 1");
            db.query("select 2"); // evicts "select 1": closed with the next request
            try (PgCursor c = db.cursor("select 3", 10)) {
                assertEquals(3, c.next().getInt(0));
            }
            assertEquals(1, preparedOnServer(db));
            return null;
        });
    }

    @Test
    void aPipelineSendsTheClosesOfEvictedStatements() throws Exception {
        Db.with(PgServer.get().test().statementCacheSize(1).build(), db -> {
            db.query("select 1");
            db.query("select 2"); // evicts "select 1": closed with the next request
            List<RowSet> rs = db.pipeline(List.of(Statement.of("select 2"), Statement.of("select 2")));
            assertEquals(2, rs.get(1).one().getInt(0));
            assertEquals(1, preparedOnServer(db), "the pipeline closed \"select 1\" on the server");
            return null;
        });
    }

    @Test
    void aClosedCursorOwesNoSync() throws Exception {
        Db.with(db -> {
            try (PgCursor c = db.cursor("select g from generate_series(1, 3) g", 1)) {
                c.next();
            }
            assertThrows(IllegalArgumentException.class, () -> db.query("select $1", new Object()));
            assertFalse(db.isBroken(), "a misuse with nothing owed to the server leaves the connection alone");
            assertEquals(4, db.query("select 4").one().getInt(0));
            return null;
        });
    }

    @Test
    void aCursorSaysWhatItIs() throws Exception {
        Db.with(db -> {
            PgCursor c = db.cursor("select g from generate_series(1, 3) g", 2);
            assertEquals("PgCursor[0 rows, columns [g]]", c.toString());
            c.next();
            c.close();
            assertEquals("PgCursor[1 rows, closed, columns [g]]", c.toString());
            return null;
        });
    }

    @Test
    void givingBackAConnectionWithACursorOpenNamesTheCoro() throws Exception {
        Db.with(db -> {
            PgCursor c = db.cursor("select 1", 1);
            IllegalStateException e = assertThrows(IllegalStateException.class, db::reset);
            assertTrue(e.getMessage().contains("while " + Coro.current() + " still uses it"), e.getMessage());
            c.close();
            db.reset();
            return null;
        });
    }

    @Test
    void copyInSendsEachChunkAsItIsReadAndSkipsEmptyReads() throws Exception {
        Db.with(db -> {
            db.simpleQuery("create temp table c(id int)");
            boolean[] heldBack = new boolean[1];
            InputStream source = new InputStream() {
                private final byte[][] chunks = {"1\n".getBytes(UTF_8), new byte[0], "2\n".getBytes(UTF_8)};
                private int next;

                @Override
                public int read() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int read(byte[] b) {
                    if (!db.out().isEmpty()) {
                        heldBack[0] = true; // the previous chunk still waits in the client
                    }
                    if (next == chunks.length) {
                        return -1;
                    }
                    byte[] c = chunks[next++];
                    System.arraycopy(c, 0, b, 0, c.length);
                    return c.length; // 0 once: not the end of the data
                }
            };
            assertEquals(2, db.copyIn("copy c from stdin", source));
            assertFalse(heldBack[0], "every chunk was sent before the next was read");
            assertEquals(2L, db.query("select count(*) from c").one().getLong(0));
            return null;
        });
    }
}
