package io.shrapnel.codecs.mysql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.codecs.mysql.internal.Capabilities;
import io.shrapnel.kernel.testing.CoroTestExtension;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link MySqlConnection#executeBulk} against the real MariaDB: COM_STMT_BULK_EXECUTE. */
@ExtendWith({MariaDbServer.class, CoroTestExtension.class})
class BulkTest {
    private static final String TABLE = """
            CREATE TEMPORARY TABLE bulk (id INT PRIMARY KEY, big BIGINT, ub BIGINT UNSIGNED, de DECIMAL(20,4),
              d DOUBLE, s VARCHAR(8000), bl BLOB, dt DATE, dtm DATETIME(6), tm TIME(6), flag TINYINT)""";
    private static final String INSERT = "INSERT INTO bulk VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static Object[] row(int i) {
        boolean nulls = i % 7 == 3;
        return new Object[] {i,
            i % 2 == 0 ? (Object) (i * 1_000_000_007L) : (Object) i, // Long and Integer in one column: a new command at each change
            nulls ? null : new BigInteger("18446744073709551615").subtract(BigInteger.valueOf(i)),
            nulls ? null : new BigDecimal(i + ".2500"),
            nulls ? null : i / 4.0,
            nulls ? null : "s" + i + "-é",
            nulls ? null : new byte[] {(byte) i, 0, (byte) 0xFF},
            nulls ? null : LocalDate.of(2024, 1, 1).plusDays(i),
            nulls ? null : LocalDateTime.of(2024, 2, 29, 23, 59, 58, 123_456_000).plusSeconds(i),
            nulls ? null : Duration.ofHours(-30).minusMillis(i),
            nulls ? null : i % 3 == 0};
    }

    @Test
    void mariaDbOffersBulkAndTheClientTakesIt() throws Exception {
        InCoro.run(() -> {
            try (MySqlConnection db = MySqlConnection.connect(MariaDbServer.config().build())) {
                assertTrue(db.bulkSupported());
                assertTrue((db.capabilities() & Capabilities.STMT_BULK_OPERATIONS) != 0);
                assertEquals(0, db.capabilities() & Capabilities.CLIENT_MYSQL, "MariaDB does not set CLIENT_MYSQL");
            }
        });
    }

    @Test
    void rowsOfEveryTypeAndNullsArriveAsSent() throws Exception {
        InCoro.run(() -> {
            try (MySqlConnection db = MySqlConnection.connect(MariaDbServer.config().build())) {
                db.update(TABLE);
                List<Object[]> rows = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    rows.add(row(i));
                }
                assertEquals(40, db.executeBulk(INSERT, rows));
                List<Row> back = db.query("SELECT * FROM bulk ORDER BY id").rows();
                assertEquals(40, back.size());
                for (int i = 0; i < 40; i++) {
                    Object[] sent = row(i);
                    Row r = back.get(i);
                    assertEquals(i, r.get("id"));
                    assertEquals(((Number) sent[1]).longValue(), r.get("big"));
                    assertEquals(sent[2], r.get("ub"));
                    assertEquals(sent[3], r.get("de"));
                    assertEquals(sent[4], r.get("d"));
                    assertEquals(sent[5], r.get("s"));
                    if (sent[6] == null) {
                        assertNull(r.get("bl"));
                    } else {
                        assertArrayEquals((byte[]) sent[6], (byte[]) r.get("bl"));
                    }
                    assertEquals(sent[7], r.get("dt"));
                    assertEquals(sent[8], r.get("dtm"));
                    assertEquals(sent[9], r.get("tm"));
                    assertEquals(sent[10] == null ? null : (Boolean) sent[10] ? 1 : 0, r.get("flag"));
                }
            }
        });
    }

    @Test
    void aBatchOverOneMegabyteTravelsInSeveralCommands() throws Exception {
        InCoro.run(() -> {
            try (MySqlConnection db = MySqlConnection.connect(MariaDbServer.config().build())) {
                db.update("CREATE TEMPORARY TABLE wide (id INT PRIMARY KEY, s VARCHAR(8000))");
                String s = "x".repeat(7000);
                List<Object[]> rows = new ArrayList<>();
                for (int i = 0; i < 400; i++) { // 2.8 MB: three commands
                    rows.add(new Object[] {i, s + i});
                }
                assertEquals(400, db.executeBulk("INSERT INTO wide VALUES (?, ?)", rows));
                assertEquals(400L, db.query("SELECT COUNT(*) FROM wide").rows().getFirst().getLong(0));
                assertEquals(s + 399, db.execute("SELECT s FROM wide WHERE id = ?", 399).scalar());
                assertEquals(400, db.executeBulk("UPDATE wide SET s = ? WHERE id = ?",
                        rows.stream().map(r -> new Object[] {"y", r[0]}).toList()), "affected rows summed over commands");
                assertEquals(400L, db.query("SELECT COUNT(*) FROM wide WHERE s = 'y'").rows().getFirst().getLong(0));
            }
        });
    }

    @Test
    void anErrorInTheMiddleUndoesTheWholeCommandAndLeavesTheConnectionUsable() throws Exception {
        InCoro.run(() -> {
            try (MySqlConnection db = MySqlConnection.connect(MariaDbServer.config().build())) {
                db.update("CREATE TEMPORARY TABLE k (id INT PRIMARY KEY, v VARCHAR(10)) ENGINE=InnoDB");
                db.update("INSERT INTO k VALUES (3, 'old')");
                List<Object[]> rows = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    rows.add(new Object[] {i, "v" + i});
                }
                MySqlException dup = assertThrows(MySqlException.class, () -> db.executeBulk("INSERT INTO k VALUES (?, ?)", rows));
                assertEquals(1062, dup.errorCode());
                assertEquals("23000", dup.sqlState());
                List<Long> ids = db.query("SELECT id FROM k ORDER BY id").rows().stream().map(r -> r.getLong(0)).toList();
                assertEquals(List.of(3L), ids, "one bulk command is one statement: InnoDB rolled all its rows back");
                assertTrue(db.isOpen());
                assertEquals(1L, db.query("SELECT 1").rows().getFirst().getLong(0));

                db.update("DELETE FROM k WHERE id <> 3");
                assertThrows(MySqlException.class, () -> db.inTransaction(tx -> tx.executeBulk("INSERT INTO k VALUES (?, ?)", rows)));
                assertEquals(1L, db.query("SELECT COUNT(*) FROM k").rows().getFirst().getLong(0), "all or nothing in a transaction");
            }
        });
    }

    @Test
    void misuseFailsBeforeAnythingIsSent() throws Exception {
        InCoro.run(() -> {
            try (MySqlConnection db = MySqlConnection.connect(MariaDbServer.config().build())) {
                db.update("CREATE TEMPORARY TABLE m (id INT PRIMARY KEY)");
                assertEquals(0, db.executeBulk("INSERT INTO m VALUES (?)", List.of()));
                IllegalArgumentException one = assertThrows(IllegalArgumentException.class, () -> db.execute("SELECT ?", 1, 2));
                assertTrue(one.getMessage().contains("takes 1 parameter(s), 2 given"), one.getMessage());
                IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                        () -> db.executeBulk("INSERT INTO m VALUES (?)", List.of(new Object[] {1}, new Object[] {2, 3})));
                assertTrue(few.getMessage().contains("takes 1 parameter(s), 2 given"), few.getMessage());
                assertThrows(IllegalArgumentException.class,
                        () -> db.executeBulk("INSERT INTO m VALUES (?)", List.<Object[]>of(new Object[] {new Object()})));
                assertEquals(0L, db.query("SELECT COUNT(*) FROM m").rows().getFirst().getLong(0));
                assertEquals(1, db.executeBulk("INSERT INTO m VALUES (?)", List.<Object[]>of(new Object[] {7})));
                MySqlException select = assertThrows(MySqlException.class,
                        () -> db.executeBulk("SELECT id FROM m WHERE id = ?", List.<Object[]>of(new Object[] {7})));
                assertTrue(db.isOpen(), "a statement with a result is refused by the server: " + select.getMessage());
                assertEquals(2, db.executeBulk("INSERT INTO m VALUES (8), (9)", List.<Object[]>of(new Object[0])),
                        "no parameters: pipelined executions");
                assertEquals(List.of(7L, 8L, 9L),
                        db.query("SELECT id FROM m ORDER BY id").rows().stream().map(r -> r.getLong(0)).toList());
            }
        });
    }

    @Test
    void theStatusOfTheLastAnswerSaysWhetherATransactionIsOpen() throws Exception {
        InCoro.run(() -> {
            try (MySqlConnection db = MySqlConnection.connect(MariaDbServer.config().build())) {
                db.update("CREATE TEMPORARY TABLE st (id INT) ENGINE=InnoDB");
                db.update("SET autocommit = 0"); // from now on the status is 0 outside a transaction
                db.executeBulk("INSERT INTO st VALUES (?)", List.<Object[]>of(new Object[] {1}));
                assertTrue(db.inTransactionNow());
                db.update("COMMIT");
                assertTrue(!db.inTransactionNow(), "status 0 after COMMIT is taken too");
                db.execute("INSERT INTO st VALUES (?)", 2);
                assertTrue(db.inTransactionNow());
                db.execute("COMMIT");
                assertTrue(!db.inTransactionNow());
            }
        });
    }
}
