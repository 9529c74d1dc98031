package io.shrapnel.codecs.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.codecs.postgres.internal.MessageWriter;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.TimeoutError;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link PgBatch} against the real server: one Parse, Bind/Execute per entry, one Sync, all or nothing. */
@ExtendWith({CoroTestExtension.class, PgServer.Extension.class})
class BatchTest {
    /** Long enough for any batch here on a loaded machine, under the extension's 60 s: a deadlock fails, not hangs. */
    private static final Duration NO_HANG = Duration.ofSeconds(45);

    private static long count(PgConnection db, String table) throws IOException {
        return db.query("select count(*) from " + table).one().getLong(0);
    }

    @Test
    void everyEntryRunsAndReportsTheRowsItAffected() throws Exception {
        Db.with(db -> {
            db.simpleQuery("create temp table t(id int primary key, v int)");
            db.simpleQuery("insert into t select g, 0 from generate_series(1, 5) g");
            PgBatch b = db.batch("update t set v = v + $2 where id <= $1").add(1, 10).add(3, 100).add(0, 7).add(5, 1000);
            assertEquals(4, b.size());
            assertEquals("update t set v = v + $2 where id <= $1", b.sql());
            assertEquals("PgBatch[4 x update t set v = v + $2 where id <= $1]", b.toString());
            int cachedBefore = db.cachedStatements();
            assertArrayEquals(new long[] {1, 3, 0, 5}, b.run());
            assertEquals(cachedBefore + 1, db.cachedStatements(), "the statement is cached after its first batch");
            assertEquals(1110, db.query("select v from t where id = 1").one().getInt(0));
            int cachedNow = db.cachedStatements();
            assertArrayEquals(new long[] {1, 3, 0, 5}, b.run(), "a second run uses the cached statement");
            assertEquals(cachedNow, db.cachedStatements());
            assertEquals(2220, db.query("select v from t where id = 1").one().getInt(0));
            assertEquals(2000, db.query("select v from t where id = 5").one().getInt(0));
            long[] nulls = db.batch("insert into t values ($1, $2)").add(6, null).add(7, (Object) null).run();
            assertArrayEquals(new long[] {1, 1}, nulls);
            assertEquals(2, db.query("select count(*) from t where v is null").one().getLong(0));
            assertEquals('I', db.transactionStatus());
            return null;
        });
    }

    @Test
    void anEmptyBatchAffectsNothingAndSendsNothing() throws Exception {
        Db.with(db -> {
            assertArrayEquals(new long[0], db.batch("insert into nowhere values ($1)").run(),
                    "no round trip: the missing table is never seen by the server");
            assertEquals(1, db.query("select 1").one().getInt(0));
            db.close();
            assertThrows(IllegalStateException.class, () -> db.batch("select 1").run(), "closed is closed, empty or not");
            return null;
        });
    }

    @Test
    void aFailingEntryUndoesTheWholeBatchAndNamesItself() throws Exception {
        String table = "batch_atomic_" + ProcessHandle.current().pid();
        Db.with(db -> {
            db.simpleQuery("drop table if exists " + table + "; create table " + table + "(id int primary key)");
            try {
                PgBatch b = db.batch("insert into " + table + " values ($1)");
                for (int id : new int[] {1, 2, 3, 2, 5}) {
                    b.add(id);
                }
                PgBatchException e = assertThrows(PgBatchException.class, b::run);
                assertEquals(3, e.entry());
                assertEquals(5, e.batchSize());
                assertEquals("23505", e.sqlState());
                assertEquals("Key (id)=(2) already exists.", e.notice().detail());
                assertTrue(e.getMessage().startsWith("batch entry 3 (of 5) failed, nothing of the batch is kept: ERROR 23505"),
                        e.getMessage());
                assertEquals('I', db.transactionStatus(), "the implicit transaction ended with the Sync");
                assertEquals(0, count(db, table), "entries 0-2 were rolled back with entry 3");
                try (PgConnection other = PgConnection.connect(PgServer.get().test().build())) {
                    assertEquals(0, count(other, table), "nor did another session ever see them");
                }
                assertArrayEquals(new long[] {1, 1}, db.batch("insert into " + table + " values ($1)").add(1).add(2).run(),
                        "usable afterwards");
                try (PgConnection other = PgConnection.connect(PgServer.get().test().build())) {
                    assertEquals(2, count(other, table), "a batch that succeeds commits at its Sync");
                }
            } finally {
                db.simpleQuery("drop table " + table);
            }
            return null;
        });
    }

    @Test
    void insideATransactionAFailingBatchAbortsIt() throws Exception {
        Db.with(db -> {
            db.simpleQuery("create temp table t(id int primary key)");
            db.simpleQuery("BEGIN");
            db.execute("insert into t values ($1)", 100);
            PgBatchException e = assertThrows(PgBatchException.class,
                    () -> db.batch("insert into t values ($1)").add(1).add(100).add(3).run());
            assertEquals(1, e.entry());
            assertEquals('E', db.transactionStatus(), "postgres says the transaction failed");
            PgException aborted = assertThrows(PgException.class, () -> db.query("select 1"));
            assertEquals("25P02", aborted.sqlState());
            db.simpleQuery("ROLLBACK");
            assertEquals(0, count(db, "t"), "the rollback took the row before the batch too");
            long[] counts = db.inTransaction(tx -> tx.batch("insert into t values ($1)").add(7).add(8).run());
            assertArrayEquals(new long[] {1, 1}, counts);
            assertEquals(2, count(db, "t"));
            assertThrows(PgBatchException.class, () -> db.inTransaction(tx -> tx.batch("insert into t values ($1)")
                    .add(9).add(7).run()));
            assertEquals('I', db.transactionStatus(), "inTransaction rolled back");
            assertEquals(2, count(db, "t"));
            return null;
        });
    }

    @Test
    void aStatementTheServerRefusesFailsEveryEntry() throws Exception {
        Db.with(db -> {
            int cachedBefore = db.cachedStatements();
            PgBatchException e = assertThrows(PgBatchException.class,
                    () -> db.batch("insert into nowhere values ($1)").add(1).add(2).run());
            assertEquals(-1, e.entry(), "the Parse failed, not an entry");
            assertEquals("42P01", e.sqlState());
            assertTrue(e.getMessage().startsWith("the statement of a batch of 2 failed"), e.getMessage());
            assertEquals(cachedBefore, db.cachedStatements(), "nothing cached");
            assertEquals('I', db.transactionStatus());
            assertEquals(1, db.query("select 1").one().getInt(0));
            return null;
        });
    }

    @Test
    void aParameterOfTheWrongTypeFailsItsEntry() throws Exception {
        Db.with(db -> {
            db.simpleQuery("create temp table t(id int, at date)");
            PgBatchException e = assertThrows(PgBatchException.class, () -> db.batch("insert into t values ($1, $2)")
                    .add(1, "2026-12-07").add(2, "not a date").add(3, "2026-12-08").run());
            assertEquals(1, e.entry());
            assertEquals("22007", e.sqlState(), e.getMessage());
            PgBatchException number = assertThrows(PgBatchException.class, () -> db.batch("insert into t values ($1, $2)")
                    .add(1, null).add(2, null).add("three", null).run());
            assertEquals(2, number.entry());
            assertEquals("22P02", number.sqlState());
            IllegalArgumentException unsendable = assertThrows(IllegalArgumentException.class,
                    () -> db.batch("insert into t values ($1, $2)").add(1, null).add(2, new Object()).run());
            assertTrue(unsendable.getMessage().contains("cannot send a java.lang.Object"), unsendable.getMessage());
            assertFalse(db.isClosed(), "refused before anything was sent");
            IllegalArgumentException arity = assertThrows(IllegalArgumentException.class,
                    () -> db.batch("insert into t values ($1, $2)").add(1, null).add(2));
            assertEquals("batch entry 1 has 1 parameters where entry 0 has 2 (one statement: insert into t values ($1, $2))",
                    arity.getMessage());
            assertEquals(0, count(db, "t"));
            assertArrayEquals(new long[] {1}, db.batch("insert into t values ($1, $2)").add(4, null).run());
            return null;
        });
    }

    @Test
    void aCachedStatementWhoseResultTypeChangedIsPreparedAgain() throws Exception {
        Db.with(db -> {
            db.simpleQuery("create temp table t(id int)");
            db.simpleQuery("insert into t values (1), (2)");
            String sql = "select * from t where id = $1";
            assertArrayEquals(new long[] {1, 1, 0}, db.batch(sql).add(1).add(2).add(3).run(), "rows returned are dropped");
            db.simpleQuery("alter table t add column more text");
            PgBatchException e = assertThrows(PgBatchException.class, () -> db.batch(sql).add(1).run());
            assertEquals("0A000", e.sqlState());
            assertEquals(0, e.entry());
            assertTrue(e.getMessage().startsWith("batch entry 0 (of 1) failed"), e.getMessage());
            assertArrayEquals(new long[] {1}, db.batch(sql).add(2).run(), "parsed again after the stale one was dropped");
            return null;
        });
    }

    private static long preparedOnServer(PgConnection db) throws IOException {
        return db.simpleQuery("select count(*) from pg_prepared_statements").get(0).one().getLong(0);
    }

    @Test
    void aBatchClosesTheStatementsTheCacheEvictedAndRunsWithTheCacheOff() throws Exception {
        Db.with(PgServer.get().test().statementCacheSize(1).build(), db -> {
            db.simpleQuery("create temp table t(id int)");
            assertEquals(1, db.query("select 1 + $1::int", 0).one().getInt(0));
            db.batch("insert into t values ($1)").add(1).run(); // evicts the select: its Close waits for the next request
            assertEquals(2, preparedOnServer(db));
            db.batch("insert into t values ($1 + 100)").add(2).run(); // carries the Close; evicts the first insert
            assertEquals(2, preparedOnServer(db), "the select was closed by the second batch");
            assertEquals(1, db.cachedStatements());
            return null;
        });
        Db.with(PgServer.get().test().statementCacheSize(0).build(), db -> {
            db.simpleQuery("create temp table t(id int)");
            PgBatch b = db.batch("insert into t values ($1)").add(1).add(2);
            assertArrayEquals(new long[] {1, 1}, b.run());
            assertArrayEquals(new long[] {1, 1}, b.run(), "the unnamed statement is parsed again");
            assertEquals(0, db.cachedStatements());
            assertEquals(0, preparedOnServer(db));
            assertEquals(4, count(db, "t"));
            return null;
        });
    }

    @Test
    void emptyStatementsAffectNothing() throws Exception {
        Db.with(db -> {
            assertArrayEquals(new long[] {0, 0, 0}, db.batch("").add().add().add().run());
            return null;
        });
    }

    @Test
    void afterABatchAnotherCoroMayUseTheConnection() throws Exception {
        Db.with(db -> {
            db.batch("select $1::int").add(1).run();
            long[] other = new long[1];
            Coro.spawn("second-user", () -> other[0] = db.query("select 42").one().getLong(0)).join();
            assertEquals(42, other[0], "the batch gave its turn back");
            return null;
        });
    }

    @Test
    void fiftyThousandInsertsInOneBatch() throws Exception {
        Db.with(db -> {
            db.simpleQuery("create temp table t(id int primary key, name text, v int)");
            PgBatch b = db.batch("insert into t values ($1, $2, $3)");
            for (int i = 0; i < 50_000; i++) {
                b.add(i, "name-" + i, i * 3);
            }
            long[] counts = Coro.withTimeout(NO_HANG, b::run);
            assertEquals(50_000, counts.length);
            assertTrue(Arrays.stream(counts).allMatch(c -> c == 1));
            assertEquals(50_000, count(db, "t"));
            assertEquals(49_999L * 3, db.query("select v from t where id = $1", 49_999).one().getLong(0));
            return null;
        });
    }

    /**
     * Answers as big as the requests, 20 MB each way: far past the socket buffers, so a client that
     * wrote everything before reading would wait forever for a server waiting for it to read.
     */
    @Test
    void answersLargerThanTheSocketBuffersAreReadWhileTheBatchIsWritten() throws Exception {
        Db.with(db -> {
            String big = "x".repeat(2000);
            PgBatch b = db.batch("select $1::text || $2::int");
            for (int i = 0; i < 10_000; i++) {
                b.add(big, i);
            }
            long[] counts = Coro.withTimeout(NO_HANG, b::run);
            assertEquals(10_000, counts.length);
            assertTrue(Arrays.stream(counts).allMatch(c -> c == 1));
            assertEquals(5, db.query("select 5").one().getInt(0));
            return null;
        });
    }

    @Test
    void aTimeoutWhileTheServerWorksCancelsTheBatchAndTheConnectionCarriesOn() throws Exception {
        Db.with(db -> {
            db.simpleQuery("create temp table t(id int)");
            PgBatch b = db.batch("insert into t select $1::int from pg_sleep(0.2)");
            for (int i = 0; i < 100; i++) {
                b.add(i);
            }
            assertThrows(TimeoutError.class, () -> Coro.withTimeout(Duration.ofMillis(500), b::run));
            assertFalse(db.isClosed(), "everything was written: cancelled and read up to idle, not closed");
            assertEquals('I', db.transactionStatus());
            assertEquals(0, count(db, "t"), "the cancel rolled the batch back");
            assertArrayEquals(new long[] {1}, db.batch("insert into t values ($1)").add(1).run());
            return null;
        });
    }

    @Test
    void aTimeoutWhileTheBatchIsStillBeingWrittenClosesTheConnection() throws Exception {
        Db.with(db -> {
            String big = "y".repeat(4000);
            PgBatch b = db.batch("select pg_sleep($1), $2::text");
            b.add(60, big); // the server sleeps on entry 0 and reads no more: the writer fills the buffers and waits
            for (int i = 0; i < 10_000; i++) {
                b.add(0, big);
            }
            TimeoutError e = assertThrows(TimeoutError.class, () -> Coro.withTimeout(Duration.ofMillis(500), b::run));
            assertTrue(e.getMessage() != null);
            assertTrue(db.isBroken(), "half a batch unsent: closed, not wedged");
            PgProtocolException later = assertThrows(PgProtocolException.class, () -> db.query("select 1"));
            assertTrue(later.getMessage().contains("broke earlier"), later.getMessage());
            return null;
        });
        Db.with(db -> {
            assertEquals(1, db.query("select 1").one().getInt(0), "the server is fine");
            return null;
        });
    }

    @Test
    void aServerThatVanishesMidBatchBreaksTheConnection() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (FakeServer fake = FakeServer.start(peer -> {
                    peer.acceptLogin();
                    peer.readMessage(); // the Parse; then the server is gone, with megabytes still to come
                })) {
                    PgConnection db = PgConnection.connect(fake.config().build());
                    PgBatch b = db.batch("insert into t values ($1)");
                    String big = "z".repeat(4000);
                    for (int i = 0; i < 5_000; i++) {
                        b.add(big);
                    }
                    IOException e = assertThrows(IOException.class, () -> Coro.withTimeout(NO_HANG, b::run));
                    assertFalse(e instanceof PgException, e.toString());
                    assertTrue(db.isBroken());
                    assertThrows(PgProtocolException.class, () -> db.query("select 1"));
                    db.close();
                }
            });
        }
    }

    @Test
    void answersThatDoNotAddUpBreakTheConnection() throws Exception {
        answerFails(new MessageWriter().begin('1').end().begin('n').end().begin('2').end().begin('Z').int8('I').end(),
                "a batch of 2 got 0 CommandCompletes");
        answerFails(new MessageWriter().begin('G').int8(0).int16(0).end(), "unexpected 'G' message from the server during a batch");
    }

    private static void answerFails(MessageWriter answer, String expected) throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (FakeServer fake = FakeServer.start(peer -> {
                    peer.acceptLogin();
                    peer.readMessage();
                    peer.send(answer);
                    peer.readMessage();
                })) {
                    PgConnection db = PgConnection.connect(fake.config().build());
                    IOException e = assertThrows(IOException.class, () -> db.batch("insert into t values ($1)").add(1).add(2).run());
                    assertTrue(e.getMessage().contains(expected), e.getMessage());
                    assertTrue(db.isBroken());
                    db.close();
                }
            });
        }
    }
}
