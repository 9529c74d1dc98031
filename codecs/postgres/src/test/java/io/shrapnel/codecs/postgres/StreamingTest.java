package io.shrapnel.codecs.postgres;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Cursors and COPY: large results and data in bounded memory. */
@ExtendWith({CoroTestExtension.class, PgServer.Extension.class})
class StreamingTest {
    @Test
    void aCursorStreamsRowsInBatches() throws Exception {
        Db.with(db -> {
            long sum = 0;
            try (PgCursor c = db.cursor("select g from generate_series(1, $1::int) g", 100, 10_000)) {
                assertEquals("g", c.columns().get(0).name());
                for (Row r; (r = c.next()) != null; ) {
                    sum += r.getLong(0);
                }
                assertNull(c.next());
                assertEquals(10_000, c.count());
                assertTrue(c.toString().contains("10000 rows"), c.toString());
            }
            assertEquals(50_005_000L, sum);
            assertEquals('I', db.transactionStatus());
            assertEquals(1, db.query("select 1").one().getInt(0), "the connection is free again");
            return null;
        });
    }

    @Test
    void aCursorOfACachedStatementReadsBinary() throws Exception {
        Db.with(db -> {
            String sql = "select g::int8 from generate_series(1, 5) g where $1::int = 1";
            db.query(sql, 1);
            db.query(sql, 1);
            try (PgCursor c = db.cursor(sql, 2, 1)) {
                Row first = c.next();
                assertEquals(1, first.columns().get(0).format());
                assertEquals(1L, first.get(0));
            }
            try (PgCursor c = db.cursor(sql, 1, 1)) { // the smallest fetch size: one row a round trip
                assertEquals(1L, c.next().get(0));
                assertEquals(2L, c.next().get(0));
            }
            assertThrows(IllegalArgumentException.class, () -> db.cursor(sql, 0, 1));
            return null;
        });
    }

    @Test
    void closingACursorEarlyFreesTheConnection() throws Exception {
        Db.with(db -> {
            PgCursor c = db.cursor("select g from generate_series(1, 1000000) g", 10);
            assertEquals(1, c.next().getInt(0));
            IllegalStateException busy = assertThrows(IllegalStateException.class, () -> db.query("select 1"));
            assertTrue(busy.getMessage().contains("close the cursor first"), busy.getMessage());
            c.close();
            c.close();
            assertNull(c.next());
            assertEquals(2, db.query("select 2").one().getInt(0));
            return null;
        });
    }

    @Test
    void aCursorInsideATransactionLeavesTheTransactionOpen() throws Exception {
        Db.with(db -> {
            db.inTransaction(tx -> {
                try (PgCursor c = tx.cursor("select g from generate_series(1, 100) g", 7)) {
                    assertEquals(1, c.next().getInt(0));
                }
                assertEquals('T', tx.transactionStatus());
                return null;
            });
            return null;
        });
    }

    @Test
    void aFailingCursorReportsTheErrorAndFreesTheConnection() throws Exception {
        Db.with(db -> {
            PgCursor c = db.cursor("select 1 / (3 - g) from generate_series(1, 10) g", 2);
            assertEquals(0, c.next().getInt(0));
            assertEquals(1, c.next().getInt(0));
            PgException e = assertThrows(PgException.class, c::next);
            assertEquals("22012", e.sqlState());
            assertEquals(1, db.query("select 1").one().getInt(0));
            PgException parse = assertThrows(PgException.class, () -> db.cursor("selec 1", 5));
            assertEquals("42601", parse.sqlState());
            assertEquals(1, db.query("select 1").one().getInt(0));
            assertThrows(IllegalArgumentException.class, () -> db.cursor("select 1", 0));
            return null;
        });
    }

    @Test
    void copyInStreamsFromAnInputStreamAndCopyOutIntoAnOutputStream() throws Exception {
        Db.with(db -> {
            db.simpleQuery("create temp table c(id int, name text)");
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 20_000; i++) {
                sb.append(i).append('\t').append("name ").append(i).append('\n');
            }
            byte[] data = sb.toString().getBytes(UTF_8);
            assertEquals(20_000, db.copyIn("copy c from stdin", new ByteArrayInputStream(data)));
            assertEquals(20_000, db.query("select count(*) from c").one().getLong(0));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertEquals(20_000, db.copyOut("copy (select * from c order by id) to stdout", out));
            assertEquals(sb.toString(), out.toString(UTF_8));
            return null;
        });
    }

    @Test
    void copyErrorsLeaveTheConnectionUsable() throws Exception {
        Db.with(db -> {
            db.simpleQuery("create temp table c(id int)");
            PgException bad = assertThrows(PgException.class,
                    () -> db.copyIn("copy c from stdin", new ByteArrayInputStream("1\nx\n".getBytes(UTF_8))));
            assertEquals("22P02", bad.sqlState());
            PgException noTable = assertThrows(PgException.class,
                    () -> db.copyOut("copy nowhere to stdout", new ByteArrayOutputStream()));
            assertEquals("42P01", noTable.sqlState());
            InputStream failing = new InputStream() {
                @Override
                public int read() throws IOException {
                    throw new IOException("disk gone");
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    throw new IOException("disk gone");
                }
            };
            IOException e = assertThrows(IOException.class, () -> db.copyIn("copy c from stdin", failing));
            assertEquals("disk gone", e.getMessage());
            assertEquals("57014", ((PgException) e.getSuppressed()[0]).sqlState());
            assertEquals(0, db.query("select count(*) from c").one().getLong(0));
            assertThrows(PgProtocolException.class, () -> db.copyIn("select 1", new ByteArrayInputStream(new byte[0])));
            return null;
        });
    }

    @Test
    void copyThroughASimpleQueryDoesNotHang() throws Exception {
        Db.with(db -> {
            db.simpleQuery("create temp table c(id int)");
            PgException e = assertThrows(PgException.class, () -> db.simpleQuery("copy c from stdin"));
            assertTrue(e.getMessage().contains("needs PgConnection.copyIn"), e.getMessage());
            assertEquals("COPY 0", db.simpleQuery("copy c to stdout").get(0).command());
            return null;
        });
    }
}
