package io.shrapnel.codecs.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.net.TlsConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's example, as written there, against the test server (its port and certificate). */
@ExtendWith({CoroTestExtension.class, PgServer.Extension.class})
class ReadmeExampleTest {
    @Test
    void theReadmeExampleRuns() throws Exception {
        PgServer pg = PgServer.get();
        Path caCrt = pg.dir.resolve("server.crt");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        // --- from README.md (host, port, user, database and the CA path are the test server's) ---
        PgConfig config = PgConfig.builder().host("127.0.0.1").port(pg.port)
                .user("test").password("test").database("testdb")
                .sslMode(SslMode.VERIFY_FULL).tls(TlsConfig.client().trustPem(caCrt).build())
                .build();
        long[] streamed = new long[1];
        Coro.spawn(() -> {
            try (PgConnection db = PgConnection.connect(config)) {
                db.simpleQuery("create temp table item(id int primary key, name text, price numeric)");
                db.execute("insert into item values ($1, $2, $3)", 1, "tea", new BigDecimal("3.50"));
                Row r = db.query("select name, price from item where id = $1", 1).one();
                out.println(r.getString(0) + " " + r.getBigDecimal(1));                  // tea 3.50
                db.inTransaction(tx -> tx.execute("update item set price = price * 2"));  // ROLLBACK on any throw
                try (PgCursor c = db.cursor("select * from generate_series(1, 100000)", 1000)) {
                    for (Row row; (row = c.next()) != null; ) {
                        streamed[0]++;                                                   /* 1,000 rows held at a time */
                    }
                }
                out.println(db.query("select price from item").one().getBigDecimal(0));
            }
            Coro.setExit(0);
        });
        Coro.eventLoop();
        // --- end of the README's example ---
        assertEquals("tea 3.50\n7.00\n", printed.toString(StandardCharsets.UTF_8));
        assertEquals(100_000, streamed[0]);
    }

    @Test
    void theReadmeBatchExampleRuns() throws Exception {
        PgConfig config = PgServer.get().test().build();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        // --- from README.md, "Batches" ---
        Coro.spawn(() -> {
            try (PgConnection db = PgConnection.connect(config)) {
                db.simpleQuery("create temp table reading(sensor int, at timestamptz, value float8, primary key (sensor, at))");
                PgBatch batch = db.batch("insert into reading values ($1, $2, $3)");
                OffsetDateTime t0 = OffsetDateTime.parse("2026-12-07T08:00:00Z");
                for (int i = 0; i < 10_000; i++) {
                    batch.add(i % 10, t0.plusSeconds(i / 10), i * 0.5);
                }
                long[] counts = batch.run();                 // one Parse, 10,000 Bind+Execute, one Sync
                out.println(counts.length + " entries, " + LongStream.of(counts).sum() + " rows");
                try {
                    db.batch("insert into reading values ($1, $2, $3)")
                            .add(99, t0, 1.0)
                            .add(0, t0, 2.0)                 // (0, t0) is there already
                            .run();
                } catch (PgBatchException e) {
                    out.println("entry " + e.entry() + ": " + e.sqlState());   // entry 1: 23505
                }
                out.println(db.query("select count(*) from reading where sensor = 99").one().getLong(0)); // 0
            }
            Coro.setExit(0);
        });
        Coro.eventLoop();
        // --- end of the README's example ---
        assertEquals("10000 entries, 10000 rows\nentry 1: 23505\n0\n", printed.toString(StandardCharsets.UTF_8));
    }
}
