package io.shrapnel.codecs.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Interrupted;
import io.shrapnel.kernel.TimeoutError;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.mailbox.Inbox;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({CoroTestExtension.class, PgServer.Extension.class})
class NotifyCancelTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void notificationsArriveInTheActorsMailbox() throws Exception {
        Db.with(listener -> {
            Inbox<PgNotification> inbox = Actors.inbox();
            ActorRef<PgNotification> me = Actors.self();
            listener.notifications(me);
            listener.listen("jobs");
            listener.listen("odd \"name\"");
            Coro reader = Coro.spawn("pg-listener", listener::awaitNotifications);
            try (PgConnection sender = PgConnection.connect(PgServer.get().test().build())) {
                sender.query("select pg_notify('jobs', $1)", "job 1");
                sender.simpleQuery("notify \"odd \"\"name\"\"\", 'x'");
                PgNotification n = inbox.receive(WAIT).orElseThrow();
                assertEquals(new PgNotification(sender.processId(), "jobs", "job 1"), n);
                assertEquals("odd \"name\"", inbox.receive(WAIT).orElseThrow().channel());
            }
            listener.close();
            reader.join();
            return null;
        });
    }

    @Test
    void notificationsAlsoArriveBetweenQueriesAndStopAfterUnlisten() throws Exception {
        Db.with(db -> {
            Inbox<PgNotification> inbox = Actors.inbox();
            db.notifications(Actors.self());
            db.listen("c");
            db.simpleQuery("notify c, 'self'");
            assertEquals("self", inbox.receive(WAIT).orElseThrow().payload());
            db.unlisten("c");
            db.simpleQuery("notify c, 'gone'");
            db.simpleQuery("select 1");
            assertTrue(inbox.receive(Duration.ofMillis(50)).isEmpty());
            assertThrows(IllegalArgumentException.class, () -> db.listen("nul\0"));
            return null;
        });
    }

    @Test
    void aTimeoutCancelsTheQueryOnTheServerAndTheConnectionCarriesOn() throws Exception {
        Db.with(db -> {
            TimeoutError e = assertThrows(TimeoutError.class,
                    () -> Coro.withTimeout(Duration.ofMillis(200), () -> db.simpleQuery("select pg_sleep(60)")));
            assertFalse(db.isClosed(), "recovered, not closed");
            assertEquals('I', db.transactionStatus());
            assertEquals(1, db.query("select 1").one().getInt(0));
            assertTrue(e.getMessage() != null);
            return null;
        });
    }

    @Test
    void anInterruptCancelsAnExtendedQueryAndAPipeline() throws Exception {
        Db.with(db -> {
            Coro victim = Coro.spawn("victim", () -> assertThrows(Interrupted.class,
                    () -> db.pipeline(java.util.List.of(Statement.of("select pg_sleep($1)", 60),
                            Statement.of("select 2")))));
            Coro.sleep(Duration.ofMillis(200));
            victim.interrupt();
            victim.join();
            assertFalse(db.isClosed());
            assertEquals(3, db.query("select 3").one().getInt(0));
            return null;
        });
    }

    @Test
    void aTimeoutInsideATransactionRollsItBack() throws Exception {
        Db.with(db -> {
            db.simpleQuery("create temp table t(id int)");
            assertThrows(TimeoutError.class, () -> Coro.withTimeout(Duration.ofMillis(200), () ->
                    db.inTransaction(tx -> {
                        tx.execute("insert into t values (1)");
                        return tx.simpleQuery("select pg_sleep(60)");
                    })));
            assertEquals('I', db.transactionStatus());
            assertEquals(0, db.query("select count(*) from t").one().getLong(0));
            return null;
        });
    }

    @Test
    void aTimeoutDuringACursorFetchEndsTheCursor() throws Exception {
        Db.with(db -> {
            PgCursor c = db.cursor("select pg_sleep(case when g = 3 then 60 else 0 end) from generate_series(1, 5) g", 2);
            c.next();
            c.next();
            assertThrows(TimeoutError.class, () -> Coro.withTimeout(Duration.ofMillis(200), c::next));
            assertFalse(db.isClosed());
            assertEquals(4, db.query("select 4").one().getInt(0));
            c.close();
            return null;
        });
    }

    @Test
    void aTimeoutDuringCopyInEndsTheCopy() throws Exception {
        Db.with(db -> {
            db.simpleQuery("create temp table c(id int)");
            java.io.InputStream slow = new java.io.InputStream() {
                @Override
                public int read() {
                    Coro.sleep(Duration.ofSeconds(60));
                    return -1;
                }
            };
            assertThrows(TimeoutError.class,
                    () -> Coro.withTimeout(Duration.ofMillis(200), () -> db.copyIn("copy c from stdin", slow)));
            assertFalse(db.isClosed());
            assertEquals(0, db.query("select count(*) from c").one().getLong(0));
            return null;
        });
    }
}
