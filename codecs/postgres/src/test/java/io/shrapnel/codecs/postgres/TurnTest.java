package io.shrapnel.codecs.postgres;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.CoroTestExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/**
 * One coro at a time, at every entry point: a second coro is refused by name (and nothing of its
 * call reaches the server), and every operation gives the turn back when it ends.
 */
@ExtendWith({CoroTestExtension.class, PgServer.Extension.class})
class TurnTest {
    private static void refused(String operation, Executable call) {
        IllegalStateException e = assertThrows(IllegalStateException.class, call, operation);
        assertTrue(e.getMessage().startsWith("PgConnection." + operation + " from "), e.getMessage());
        assertTrue(e.getMessage().contains("a connection serves one coro at a time"), e.getMessage());
    }

    @Test
    void everyEntryPointRefusesASecondCoroWhileAListenerHoldsTheConnection() throws Exception {
        Db.with(db -> {
            Coro listener = Coro.spawn("listener", db::awaitNotifications);
            Coro.yieldSlice();
            refused("simpleQuery", () -> db.simpleQuery("select 1"));
            refused("query", () -> db.query("select 1"));
            refused("pipeline", () -> db.pipeline(java.util.List.of(Statement.of("select 1"))));
            refused("cursor", () -> db.cursor("select 1", 10));
            refused("copyIn", () -> db.copyIn("copy t from stdin", new ByteArrayInputStream(new byte[0])));
            refused("copyOut", () -> db.copyOut("copy (select 1) to stdout", new ByteArrayOutputStream()));
            refused("inTransaction", () -> db.inTransaction(tx -> tx.simpleQuery("select 1")));
            assertFalse(db.isClosed(), "a refused call leaves the connection alone");
            db.close(); // the listener's read ends
            listener.join();
            return null;
        });
    }

    @Test
    void awaitNotificationsIsRefusedWhileAnotherCoroQueries() throws Exception {
        Db.with(db -> {
            AtomicReference<Object> answer = new AtomicReference<>();
            Coro querying = Coro.spawn("querying", () -> answer.set(db.query("select 7 from pg_sleep(0.2)").one().get(0)));
            Coro.yieldSlice();
            refused("awaitNotifications", db::awaitNotifications);
            querying.join();
            assertEquals(7, answer.get(), "the query in flight was not disturbed");
            return null;
        });
    }

    @Test
    void aCursorOpenedByOneCoroCannotBeAdvancedByAnother() throws Exception {
        Db.with(db -> {
            PgCursor c = db.cursor("select g from generate_series(1, 3) g", 1);
            assertEquals(1, c.next().getInt(0));
            AtomicReference<Throwable> other = new AtomicReference<>();
            Coro.spawn("other", () -> {
                try {
                    c.next();
                } catch (Throwable t) {
                    other.set(t);
                }
            }).join();
            IllegalStateException e = (IllegalStateException) other.get();
            assertTrue(e.getMessage().startsWith("PgConnection.cursor.next from "), e.getMessage());
            assertEquals(2, c.next().getInt(0), "the cursor carries on in its own coro");
            c.close();
            return null;
        });
    }

    @Test
    void everyOperationGivesTheTurnBackWhenItEnds() throws Exception {
        Db.with(db -> {
            db.simpleQuery("create temp table t(id int)");
            inAnotherCoro(() -> assertEquals(2, db.copyIn("copy t from stdin", new ByteArrayInputStream("1\n2\n".getBytes(UTF_8)))));
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            inAnotherCoro(() -> assertEquals(2, db.copyOut("copy t to stdout", sink)));
            assertEquals("1\n2\n", sink.toString(UTF_8));
            inAnotherCoro(() -> db.inTransaction(tx -> tx.execute("insert into t values (3)")));
            inAnotherCoro(() -> {
                try (PgCursor c = db.cursor("select id from t order by id", 1)) {
                    assertEquals(1, c.next().getInt(0));
                    assertEquals(2, c.next().getInt(0)); // fetched by next(): its turn given back too
                }
            });
            inAnotherCoro(() -> {
                PgCursor c = db.cursor("select id from t order by id", 10);
                for (int i = 0; i < 3; i++) {
                    c.next();
                }
                assertNull(c.next(), "read to the end");
                c.close();
            });
            inAnotherCoro(() -> assertThrows(PgException.class, () -> db.cursor("select * from nowhere", 10)));
            inAnotherCoro(() -> assertThrows(PgException.class, () -> db.copyIn("copy nowhere from stdin",
                    new ByteArrayInputStream(new byte[0]))));
            inAnotherCoro(() -> assertThrows(IllegalStateException.class, () -> db.inTransaction(tx -> {
                throw new IllegalStateException("work failed");
            })));
            assertEquals(3L, db.query("select count(*) from t").one().getLong(0), "and this coro has it again");
            return null;
        });
    }

    @Test
    void aQueryRefusedWhileACursorIsOpenLeavesTheTurnToTheCursorAlone() throws Exception {
        Db.with(db -> {
            PgCursor c = db.cursor("select g from generate_series(1, 2) g", 1);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> db.query("select 1"));
            assertTrue(e.getMessage().contains("while a cursor is open on this connection"), e.getMessage());
            assertEquals(1, c.next().getInt(0));
            c.close();
            inAnotherCoro(() -> assertEquals(5, db.query("select 5").one().getInt(0)));
            return null;
        });
    }

    private interface Body {
        void run() throws Exception;
    }

    /** Runs {@code body} in a new coro, waits for it, and rethrows what it threw. */
    private static void inAnotherCoro(Body body) throws Exception {
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Coro.spawn("another", () -> {
            try {
                body.run();
            } catch (Throwable t) {
                failed.set(t);
            }
        }).join();
        if (failed.get() instanceof Exception e) {
            throw e;
        }
        if (failed.get() instanceof Error e) {
            throw e;
        }
    }
}
