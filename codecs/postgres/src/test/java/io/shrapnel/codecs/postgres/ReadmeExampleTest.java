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
}
