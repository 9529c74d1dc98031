package io.shrapnel.codecs.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.TimeoutError;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.net.pool.Pool;
import io.shrapnel.net.pool.PoolConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's example, against the test server (TLS as in the README, with the server's own certificate). */
@ExtendWith({MariaDbServer.class, CoroTestExtension.class})
class ReadmeExampleTest {
    @Test
    void readmeExampleRuns() throws Exception {
        MySqlConfig config = MariaDbServer.config()
                .tls(MySqlConfig.TlsMode.REQUIRED, MariaDbServer.tls())
                .build();
        StringBuilder out = new StringBuilder();
        InCoro.run(() -> {
            try (MySqlConnection db = MySqlConnection.connect(config)) {
                db.update("CREATE TEMPORARY TABLE item (id INT PRIMARY KEY, name VARCHAR(40), price DECIMAL(10,2))");
                db.executeBulk("INSERT INTO item VALUES (?, ?, ?)",
                        List.of(new Object[] {1, "pen", new BigDecimal("1.50")}, new Object[] {2, "ink", new BigDecimal("7.25")}));
                for (Row row : db.execute("SELECT id, name, price FROM item WHERE price > ?", 1).rows()) {
                    out.append(row.getInt(0) + " " + row.getString("name") + " " + row.getBigDecimal(2) + "\n");
                }
                db.stream("SELECT * FROM item", row -> out.append(row).append('\n'));
                BigDecimal total = db.inTransaction(tx -> {
                    tx.update("UPDATE item SET price = price * 2");
                    return (BigDecimal) tx.query("SELECT SUM(price) FROM item").scalar();
                });
                assertEquals(new BigDecimal("17.50"), total);
                assertThrows(TimeoutError.class,
                        () -> Coro.withTimeout(Duration.ofSeconds(1), () -> db.query("SELECT SLEEP(10)")));
            }
            try (Pool<MySqlConnection> pool = MySqlPool.create(PoolConfig.builder("shop").maxSize(16).registerMXBean(false).build(),
                    config)) {
                long n = pool.use(db -> db.execute("SELECT COUNT(*) FROM information_schema.SCHEMATA").rows().getFirst().getLong(0));
                assertEquals(true, n > 0);
            }
        });
        assertEquals("1 pen 1.50\n2 ink 7.25\n[1, pen, 1.50]\n[2, ink, 7.25]\n", out.toString());
    }
}
