package io.shrapnel.codecs.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Interrupted;
import io.shrapnel.kernel.TimeoutError;
import io.shrapnel.kernel.testing.CoroTestExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Interrupts, timeouts and failing handlers: the query is killed on the server, the connection lives on. */
@ExtendWith({MariaDbServer.class, CoroTestExtension.class})
class CancelTest {
    private static MySqlConnection connect() throws IOException {
        return MySqlConnection.connect(MariaDbServer.config().build());
    }

    /** Whether the server still runs a statement for this connection. */
    private static boolean busyOnServer(MySqlConnection observer, long id) throws IOException {
        return observer.execute("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = ? AND COMMAND IN ('Query', 'Execute')", id)
                .rows().getFirst().getLong(0) > 0;
    }

    @Test
    void timeoutKillsTheQueryAndTheConnectionStaysUsable() throws Exception {
        InCoro.run(() -> {
            try (MySqlConnection db = connect(); MySqlConnection observer = connect()) {
                assertThrows(TimeoutError.class,
                        () -> Coro.withTimeout(Duration.ofMillis(200), () -> db.query("SELECT SLEEP(60)")));
                assertTrue(db.isOpen());
                assertFalse(busyOnServer(observer, db.connectionId()), "the SLEEP was killed");
                assertEquals(5L, db.query("SELECT 5").rows().getFirst().getLong(0));
            }
        });
    }

    @Test
    void interruptFromAnotherCoroKillsTheBinaryQuery() throws Exception {
        InCoro.run(() -> {
            try (MySqlConnection db = connect(); MySqlConnection observer = connect()) {
                Throwable[] caught = new Throwable[1];
                Coro worker = Coro.spawn("worker", () -> {
                    try {
                        db.execute("SELECT SLEEP(?)", 60);
                    } catch (Interrupted e) {
                        caught[0] = e;
                    }
                });
                Eventually.until("the worker's query runs", () -> busyOnServer(observer, db.connectionId()));
                worker.interrupt();
                worker.join();
                assertTrue(caught[0] instanceof Interrupted, String.valueOf(caught[0]));
                assertFalse(busyOnServer(observer, db.connectionId()));
                assertEquals(6L, db.execute("SELECT ?", 6).rows().getFirst().getLong(0));
            }
        });
    }

    @Test
    void withoutKillTheInterruptedConnectionIsClosed() throws Exception {
        InCoro.run(() -> {
            try (MySqlConnection db = MySqlConnection.connect(MariaDbServer.config().killQueryOnInterrupt(false).build())) {
                assertThrows(TimeoutError.class,
                        () -> Coro.withTimeout(Duration.ofMillis(100), () -> db.query("SELECT SLEEP(60)")));
                assertFalse(db.isOpen());
            }
        });
    }

    @Test
    void handlerThatThrowsStopsALargeStreamAndTheConnectionStaysUsable() throws Exception {
        InCoro.run(() -> {
            try (MySqlConnection db = connect()) {
                AtomicInteger seen = new AtomicInteger();
                IllegalStateException stop = new IllegalStateException("enough");
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> db.stream("SELECT seq, REPEAT('x', 100) FROM seq_1_to_5000000", row -> {
                            if (seen.incrementAndGet() == 10) {
                                throw stop;
                            }
                        }));
                assertSame(stop, e);
                assertEquals(10, seen.get());
                assertEquals(7L, db.query("SELECT 7").rows().getFirst().getLong(0));
                IOException checked = assertThrows(IOException.class, () -> db.stream("SELECT seq FROM seq_1_to_1000", row -> {
                    throw new Exception("checked");
                }));
                assertEquals("checked", checked.getCause().getMessage());
                assertEquals(8L, db.query("SELECT 8").rows().getFirst().getLong(0));
            }
        });
    }

    @Test
    void hundredThousandRowsAreStreamedOneByOne() throws Exception {
        InCoro.run(() -> {
            try (MySqlConnection db = connect()) {
                long[] sum = new long[1];
                int[] count = new int[1];
                db.stream("SELECT seq FROM seq_1_to_100000", row -> {
                    sum[0] += row.getLong(0);
                    count[0]++;
                });
                assertEquals(100_000, count[0]);
                assertEquals(100_000L * 100_001 / 2, sum[0]);
                count[0] = 0;
                db.stream("SELECT seq FROM seq_1_to_100000 WHERE seq > ?", row -> count[0]++, 50_000);
                assertEquals(50_000, count[0]);
            }
        });
    }

    @Test
    void transactionCommitsWhenTheBodyReturns() throws Exception {
        InCoro.run(() -> {
            try (MySqlConnection db = connect()) {
                db.update("CREATE TEMPORARY TABLE tx (x INT) ENGINE=InnoDB");
                int r = db.inTransaction(tx -> {
                    tx.update("INSERT INTO tx VALUES (1)");
                    assertTrue(tx.inTransactionNow());
                    return 1;
                });
                assertEquals(1, r);
                assertFalse(db.inTransactionNow());
                assertEquals(1L, db.query("SELECT COUNT(*) FROM tx").rows().getFirst().getLong(0));
            }
        });
    }

    @Test
    void transactionRollsBackWhenTheBodyThrows() throws Exception {
        InCoro.run(() -> {
            try (MySqlConnection db = connect()) {
                db.update("CREATE TEMPORARY TABLE tx (x INT) ENGINE=InnoDB");
                IOException e = assertThrows(IOException.class, () -> db.inTransaction(tx -> {
                    tx.update("INSERT INTO tx VALUES (1)");
                    throw new IOException("changed my mind");
                }));
                assertEquals("changed my mind", e.getMessage());
                assertEquals(0L, db.query("SELECT COUNT(*) FROM tx").rows().getFirst().getLong(0));
            }
        });
    }

    @Test
    void transactionRollsBackWhenItTimesOut() throws Exception {
        InCoro.run(() -> {
            try (MySqlConnection db = connect()) {
                db.update("CREATE TEMPORARY TABLE tx (x INT) ENGINE=InnoDB");
                assertThrows(TimeoutError.class, () -> Coro.withTimeout(Duration.ofMillis(200), () -> db.inTransaction(tx -> {
                    tx.update("INSERT INTO tx VALUES (1)");
                    return tx.query("SELECT SLEEP(60)");
                })));
                assertTrue(db.isOpen());
                assertFalse(db.inTransactionNow());
                assertEquals(0L, db.query("SELECT COUNT(*) FROM tx").rows().getFirst().getLong(0));
            }
        });
    }

    @Test
    void packetsOver16MbGoBothWays() throws Exception {
        InCoro.run(() -> {
            try (MySqlConnection db = connect()) {
                db.update("CREATE TEMPORARY TABLE big (b LONGBLOB)");
                byte[] blob = new byte[17 << 20];
                new java.util.Random(7).nextBytes(blob);
                assertEquals(1, db.execute("INSERT INTO big VALUES (?)", (Object) blob).affectedRows());
                assertTrue(java.util.Arrays.equals(blob, db.execute("SELECT b FROM big").rows().getFirst().getBytes(0)));
                assertTrue(java.util.Arrays.equals(blob, db.query("SELECT b FROM big").rows().getFirst().getBytes(0)));
                assertEquals((long) blob.length, db.query("SELECT LENGTH(b) FROM big").rows().getFirst().getLong(0));
                byte[] nine = java.util.Arrays.copyOf(blob, 9 << 20); // two of them: a batch window over 16 MB goes one by one
                long[] counts = db.executeBatch("INSERT INTO big VALUES (?)", java.util.List.of(new Object[] {nine}, new Object[] {nine}));
                assertEquals("[1, 1]", java.util.Arrays.toString(counts));
                assertEquals(3L, db.query("SELECT COUNT(*) FROM big").rows().getFirst().getLong(0));
            }
        });
    }
}
