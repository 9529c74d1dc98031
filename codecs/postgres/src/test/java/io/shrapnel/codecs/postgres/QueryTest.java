package io.shrapnel.codecs.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.CoroTestExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({CoroTestExtension.class, PgServer.Extension.class})
class QueryTest {
    @Test
    void aSimpleQueryReturnsOneRowSetPerStatement() throws Exception {
        Db.with(db -> {
            List<RowSet> rs = db.simpleQuery("create temp table t(id int primary key, name text);"
                    + "insert into t values (1, 'one'), (2, 'two');"
                    + "select id, name from t order by id;"
                    + ";");
            assertEquals(3, rs.size(), "the trailing empty statement is not reported");
            assertEquals("CREATE TABLE", rs.get(0).command());
            assertEquals(2, rs.get(1).rowsAffected());
            RowSet sel = rs.get(2);
            assertEquals("SELECT 2", sel.command());
            assertEquals(List.of("id", "name"), sel.columns().stream().map(Column::name).toList());
            assertEquals(1, sel.rows().get(0).get(0));
            assertEquals("two", sel.rows().get(1).get("name"));
            assertEquals("Row[id=1, name=one]", sel.rows().get(0).toString());
            return null;
        });
    }

    @Test
    void anEmptyQueryGivesAnEmptyResult() throws Exception {
        Db.with(db -> {
            RowSet r = db.simpleQuery("").get(0);
            assertEquals("", r.command());
            assertEquals(0, r.size());
            assertNull(r.one());
            return null;
        });
    }

    @Test
    void serverErrorsCarryEveryField() throws Exception {
        Db.with(db -> {
            PgException e = assertThrows(PgException.class, () -> db.simpleQuery("select * from nowhere"));
            PgNotice n = e.notice();
            assertEquals("42P01", e.sqlState());
            assertEquals("ERROR", n.severity());
            assertEquals("ERROR", n.severityName());
            assertEquals("relation \"nowhere\" does not exist", n.message());
            assertEquals(15, n.position());
            assertTrue(n.file().endsWith(".c"), n.file());
            assertTrue(Integer.parseInt(n.line()) > 0);
            assertTrue(n.routine() != null);
            assertEquals("ERROR 42P01: relation \"nowhere\" does not exist (at character 15)", e.getMessage());
            db.simpleQuery("create temp table u(id int primary key, constraint positive check (id > 0))");
            db.simpleQuery("insert into u values (1)");
            PgException dup = assertThrows(PgException.class, () -> db.query("insert into u values ($1)", 1));
            assertEquals("23505", dup.sqlState());
            assertEquals("Key (id)=(1) already exists.", dup.notice().detail());
            assertEquals("u", dup.notice().table());
            assertEquals("pg_temp_3".length() > 0, dup.notice().schema() != null);
            assertEquals("u_pkey", dup.notice().constraint());
            PgException check = assertThrows(PgException.class, () -> db.query("insert into u values (-1)"));
            assertEquals("positive", check.notice().constraint());
            PgException hint = assertThrows(PgException.class, () -> db.simpleQuery("select length(1, 2, 3)"));
            assertTrue(hint.notice().hint().contains("explicit type casts"), hint.notice().hint());
            assertTrue(hint.getMessage().contains("; hint: "), hint.getMessage());
            PgException where = assertThrows(PgException.class, () -> db.simpleQuery(
                    "do $$ begin perform 1/0; end $$"));
            assertTrue(where.notice().where().contains("PL/pgSQL"), where.notice().where());
            assertEquals('I', db.transactionStatus(), "usable after errors");
            assertEquals(1, db.simpleQuery("select 1").get(0).one().getInt(0));
            return null;
        });
    }

    @Test
    void noticesReachTheHandler() throws Exception {
        Db.with(db -> {
            List<PgNotice> notices = new ArrayList<>();
            db.onNotice(notices::add);
            db.simpleQuery("do $$ begin raise notice 'hello %', 42 using hint = 'a hint', detail = 'a detail'; end $$");
            assertEquals(1, notices.size());
            PgNotice n = notices.get(0);
            assertEquals("NOTICE", n.severity());
            assertEquals("00000", n.sqlState());
            assertEquals("hello 42", n.message());
            assertEquals("a hint", n.hint());
            assertEquals("a detail", n.detail());
            db.onNotice(null);
            db.simpleQuery("do $$ begin raise notice 'dropped'; end $$");
            assertEquals(1, notices.size());
            return null;
        });
    }

    @Test
    void theExtendedProtocolBindsParametersAndCachesStatements() throws Exception {
        Db.with(db -> {
            db.simpleQuery("create temp table p(id int, name text)");
            for (int i = 0; i < 3; i++) {
                assertEquals(1, db.execute("insert into p values ($1, $2)", i, "n" + i));
            }
            assertEquals(1, db.cachedStatements(), "one statement, prepared once");
            RowSet r = db.query("select id, name from p where id >= $1 order by id", 1);
            assertEquals(2, r.size());
            assertEquals(1, r.rows().get(0).getInt(0));
            assertEquals("n2", r.rows().get(1).getString(1));
            RowSet again = db.query("select id, name from p where id >= $1 order by id", 2);
            assertEquals(1, again.rows().get(0).columns().get(0).format(), "the second run asks for binary");
            assertEquals(2, again.one().getInt(0));
            assertEquals(2, db.cachedStatements());
            assertNull(db.query("select $1::text", (Object) null).one().get(0));
            return null;
        });
    }

    @Test
    void aSmallCacheEvictsAndClosesTheOldestStatement() throws Exception {
        Db.with(PgServer.get().test().statementCacheSize(2).build(), db -> {
            for (int i = 0; i < 5; i++) {
                assertEquals(i, db.query("select " + i + " + $1::int", 0).one().getInt(0));
            }
            assertEquals(2, db.cachedStatements());
            long onServer = db.query("select count(*) from pg_prepared_statements").one().getLong(0);
            assertTrue(onServer <= 3, "evicted statements are closed on the server: " + onServer);
            return null;
        });
    }

    @Test
    void withTheCacheOffStatementsAreUnnamed() throws Exception {
        Db.with(PgServer.get().test().statementCacheSize(0).build(), db -> {
            assertEquals(3, db.query("select $1::int + 1", 2).one().getInt(0));
            assertEquals(3, db.query("select $1::int + 1", 2).one().getInt(0));
            assertEquals(0, db.cachedStatements());
            assertEquals(0, db.query("select count(*) from pg_prepared_statements").one().getLong(0));
            return null;
        });
    }

    @Test
    void aStatementWhoseResultTypeChangedIsPreparedAgain() throws Exception {
        Db.with(db -> {
            db.simpleQuery("create temp table s(a int)");
            db.simpleQuery("insert into s values (1)");
            db.query("select * from s");
            db.query("select * from s");
            db.simpleQuery("alter table s add column b text");
            PgException stale = assertThrows(PgException.class, () -> db.query("select * from s"));
            assertEquals("0A000", stale.sqlState());
            assertEquals(2, db.query("select * from s").columns().size());
            return null;
        });
    }

    @Test
    void aPipelineRunsManyStatementsInOneRoundTripEachOnItsOwn() throws Exception {
        Db.with(db -> {
            db.simpleQuery("create temp table q(id int primary key)");
            PgException e = assertThrows(PgException.class, () -> db.pipeline(List.of(
                    Statement.of("insert into q values ($1)", 1),
                    Statement.of("insert into q values ($1)", 1),
                    Statement.of("insert into q values ($1)", 2),
                    Statement.of("select count(*) from q"))));
            assertEquals("23505", e.sqlState());
            assertEquals(2, db.query("select count(*) from q").one().getLong(0), "the others ran");
            List<RowSet> rs = db.pipeline(List.of(Statement.of("select 1"), Statement.of("select $1::int", 2),
                    Statement.of("select $1::int", 3)));
            assertEquals(List.of(1, 2, 3), rs.stream().map(r -> r.one().get(0)).toList());
            return null;
        });
    }

    @Test
    void aSyntaxErrorInANewStatementIsNotCached() throws Exception {
        Db.with(db -> {
            PgException e = assertThrows(PgException.class, () -> db.query("selec 1"));
            assertEquals("42601", e.sqlState());
            assertEquals(0, db.cachedStatements());
            assertThrows(PgException.class, () -> db.query("selec 1"));
            PgException bind = assertThrows(PgException.class, () -> db.query("select $1::int", "x"));
            assertEquals("22P02", bind.sqlState());
            assertEquals(5, db.query("select $1::int", 5).one().getInt(0));
            return null;
        });
    }

    @Test
    void aNulInsideATextParameterIsRefusedBeforeAnythingIsSent() throws Exception {
        Db.with(db -> {
            assertThrows(IllegalArgumentException.class, () -> db.simpleQuery("select '\0'"));
            assertEquals(1, db.query("select 1").one().getInt(0));
            return null;
        });
    }

    @Test
    void aParameterOfAnUnknownJavaTypeIsRefusedWithTheKindsAccepted() throws Exception {
        Db.with(db -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> db.query("select $1", new Object()));
            assertTrue(e.getMessage().contains("pass a String, a number"), e.getMessage());
            assertFalse(db.isClosed());
            assertEquals(1, db.query("select 1").one().getInt(0));
            return null;
        });
    }

    @Test
    void inTransactionCommitsOrRollsBack() throws Exception {
        Db.with(db -> {
            db.simpleQuery("create temp table tx(id int)");
            int r = db.inTransaction(tx -> {
                assertEquals('T', tx.transactionStatus());
                tx.execute("insert into tx values (1)");
                return 7;
            });
            assertEquals(7, r);
            IllegalStateException boom = assertThrows(IllegalStateException.class, () -> db.inTransaction(tx -> {
                tx.execute("insert into tx values (2)");
                throw new IllegalStateException("boom");
            }));
            assertEquals("boom", boom.getMessage());
            PgProtocolException aborted = assertThrows(PgProtocolException.class, () -> db.inTransaction(tx -> {
                tx.execute("insert into tx values (3)");
                assertThrows(PgException.class, () -> tx.execute("select 1/0"));
                return null;
            }));
            assertTrue(aborted.getMessage().contains("rolled back"), aborted.getMessage());
            assertEquals('I', db.transactionStatus());
            assertEquals(List.of(1), db.query("select id from tx").rows().stream().map(x -> x.get(0)).toList());
            return null;
        });
    }

    @Test
    void twoCorosOnOneConnectionIsRefusedWithTheFix() throws Exception {
        Db.with(db -> {
            Coro other = Coro.spawn(() -> db.simpleQuery("select pg_sleep(0.2)"));
            Coro.yieldSlice();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> db.simpleQuery("select 1"));
            assertTrue(e.getMessage().contains("a connection serves one coro at a time"), e.getMessage());
            other.join();
            assertEquals(1, db.simpleQuery("select 1").get(0).one().getInt(0));
            return null;
        });
    }

    @Test
    void aClosedConnectionSaysToConnectAgain() throws Exception {
        Db.with(db -> {
            db.close();
            db.close();
            assertTrue(db.isClosed());
            assertFalse(db.isBroken());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> db.query("select 1"));
            assertTrue(e.getMessage().contains("on a closed connection; connect again"), e.getMessage());
            return null;
        });
    }

    @Test
    void aConnectionKilledByTheServerIsBrokenAndSaysSo() throws Exception {
        Db.with(db -> {
            int pid = db.processId();
            try (PgConnection admin = PgConnection.connect(PgServer.get().config("postgres", "postgres").build())) {
                admin.query("select pg_terminate_backend($1)", pid);
            }
            assertThrows(java.io.IOException.class, () -> db.simpleQuery("select 1"));
            assertTrue(db.isBroken());
            PgProtocolException e = assertThrows(PgProtocolException.class, () -> db.simpleQuery("select 1"));
            assertTrue(e.getMessage().contains("broke earlier"), e.getMessage());
            return null;
        });
    }
}
