package io.shrapnel.codecs.mysql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith({MariaDbServer.class, CoroTestExtension.class})
class QueryTest {
    private static final String TYPES_TABLE = """
            CREATE TEMPORARY TABLE types (
              ti TINYINT, tu TINYINT UNSIGNED, si SMALLINT, mi MEDIUMINT, i INT, iu INT UNSIGNED,
              bi BIGINT, bu BIGINT UNSIGNED, de DECIMAL(30,10), f FLOAT, d DOUBLE,
              dt DATE, dtm DATETIME(6), ts TIMESTAMP(3) NULL, tm TIME(6), y YEAR,
              s VARCHAR(50) CHARACTER SET utf8mb4, l1 VARCHAR(50) CHARACTER SET latin1, vb VARBINARY(20),
              bl BLOB, tx TEXT, j JSON, b BIT(12), e ENUM('a','b'), n INT)""";
    private static final String TYPES_ROW = """
            INSERT INTO types VALUES (-128, 255, -32768, -8388608, -2147483648, 4294967295,
              -9223372036854775808, 18446744073709551615, -12345678901234567890.0123456789, 1.5, -2.25e300,
              '2024-02-29', '2024-02-29 23:59:58.123456', '2038-01-19 03:14:07.999', '-838:59:59.000001', 2155,
              'héllo 🌍', 'café', x'00ff10', x'deadbeef', 'text', '{"a": [1, 2]}', b'101010101010', 'b', NULL)""";

    @Test
    void textProtocolDecodesEveryType() throws Exception {
        InCoro.run(() -> {
            try (MySqlConnection db = MySqlConnection.connect(MariaDbServer.config().build())) {
                db.update(TYPES_TABLE);
                assertEquals(1, db.update(TYPES_ROW));
                assertTypes(db.query("SELECT * FROM types").rows().getFirst());
            }
        });
    }

    @Test
    void binaryProtocolDecodesEveryType() throws Exception {
        InCoro.run(() -> {
            try (MySqlConnection db = MySqlConnection.connect(MariaDbServer.config().build())) {
                db.update(TYPES_TABLE);
                db.update(TYPES_ROW);
                assertTypes(db.execute("SELECT * FROM types WHERE n IS NULL AND ti = ?", -128).rows().getFirst());
            }
        });
    }

    static void assertTypes(Row r) {
        assertEquals(-128, r.get("ti"));
        assertEquals(255, r.get("tu"));
        assertEquals(-32768, r.get("si"));
        assertEquals(-8388608, r.get("mi"));
        assertEquals(Integer.MIN_VALUE, r.get("i"));
        assertEquals(4294967295L, r.get("iu"));
        assertEquals(Long.MIN_VALUE, r.get("bi"));
        assertEquals(new BigInteger("18446744073709551615"), r.get("bu"));
        assertEquals(new BigDecimal("-12345678901234567890.0123456789"), r.get("de"));
        assertEquals(1.5f, r.get("f"));
        assertEquals(-2.25e300, r.get("d"));
        assertEquals(LocalDate.of(2024, 2, 29), r.get("dt"));
        assertEquals(LocalDateTime.of(2024, 2, 29, 23, 59, 58, 123_456_000), r.get("dtm"));
        assertEquals(LocalDateTime.of(2038, 1, 19, 3, 14, 7, 999_000_000), r.get("ts"));
        assertEquals(Duration.ofHours(838).plusMinutes(59).plusSeconds(59).plusNanos(1000).negated(), r.get("tm"));
        assertEquals(2155, r.get("y"));
        assertEquals("héllo 🌍", r.get("s"));
        assertEquals("café", r.get("l1"));
        assertArrayEquals(new byte[] {0, (byte) 0xFF, 0x10}, (byte[]) r.get("vb"));
        assertArrayEquals(new byte[] {(byte) 0xDE, (byte) 0xAD, (byte) 0xBE, (byte) 0xEF}, r.getBytes(r.indexOf("bl")));
        assertEquals("text", r.get("tx"));
        assertEquals("{\"a\": [1, 2]}", r.get("j"));
        assertEquals(0b101010101010L, r.get("b"));
        assertEquals("b", r.get("e"));
        assertNull(r.get("n"));
        assertTrue(r.isNull(r.indexOf("n")));
        Column bu = r.columns().get(r.indexOf("bu"));
        assertEquals(ColumnType.LONGLONG, bu.type());
        assertTrue(bu.unsigned());
        assertTrue(r.columns().get(r.indexOf("vb")).binary());
        assertFalse(r.columns().get(r.indexOf("s")).binary());
    }

    @Test
    void parametersRoundTripThroughTheBinaryProtocol() throws Exception {
        InCoro.run(() -> {
            try (MySqlConnection db = MySqlConnection.connect(MariaDbServer.config().build())) {
                db.update(TYPES_TABLE);
                Object[] values = {(byte) -128, (short) 255, (short) -32768, -8388608, Integer.MIN_VALUE, 4294967295L,
                    Long.MIN_VALUE, new BigInteger("18446744073709551615"), new BigDecimal("-12345678901234567890.0123456789"),
                    1.5f, -2.25e300, LocalDate.of(2024, 2, 29), LocalDateTime.of(2024, 2, 29, 23, 59, 58, 123_456_000),
                    LocalDateTime.of(2038, 1, 19, 3, 14, 7, 999_000_000),
                    Duration.ofHours(838).plusMinutes(59).plusSeconds(59).plusNanos(1000).negated(), 2155,
                    "héllo 🌍", "café", new byte[] {0, (byte) 0xFF, 0x10}, new byte[] {(byte) 0xDE, (byte) 0xAD, (byte) 0xBE, (byte) 0xEF},
                    "text", "{\"a\": [1, 2]}", new byte[] {0x0A, (byte) 0xAA}, "b", null};
                String marks = String.join(",", java.util.Collections.nCopies(values.length, "?"));
                assertEquals(1, db.execute("INSERT INTO types VALUES (" + marks + ")", values).affectedRows());
                assertTypes(db.query("SELECT * FROM types").rows().getFirst());
                assertTypes(db.execute("SELECT * FROM types").rows().getFirst());
            }
        });
    }

    @Test
    void multiStatementsGiveOneResultEach() throws Exception {
        InCoro.run(() -> {
            try (MySqlConnection db = MySqlConnection.connect(MariaDbServer.config().build())) {
                List<QueryResult> all = db.queryAll("CREATE TEMPORARY TABLE m (x INT); INSERT INTO m VALUES (1),(2),(3); "
                        + "SELECT x FROM m ORDER BY x; SELECT 'two', NULL; UPDATE m SET x = x + 1 WHERE x > 1");
                assertEquals(5, all.size());
                assertFalse(all.get(0).isResultSet());
                assertEquals(3, all.get(1).affectedRows());
                assertEquals(List.of(1L, 2L, 3L), all.get(2).rows().stream().map(r -> r.getLong(0)).toList());
                assertEquals("two", all.get(3).rows().getFirst().get(0));
                assertNull(all.get(3).rows().getFirst().get(1));
                assertEquals(2, all.get(4).affectedRows());
            }
        });
    }

    @Test
    void anErrorInTheMiddleOfStatementsLeavesTheConnectionUsable() throws Exception {
        InCoro.run(() -> {
            try (MySqlConnection db = MySqlConnection.connect(MariaDbServer.config().build())) {
                MySqlException e = assertThrows(MySqlException.class, () -> db.queryAll("SELECT 1; SELEKT 2; SELECT 3"));
                assertEquals(1064, e.errorCode());
                assertEquals("42000", e.sqlState());
                assertEquals(7L, db.query("SELECT 7").rows().getFirst().getLong(0));
                assertThrows(MySqlException.class, () -> db.execute("SELECT * FROM no_such_table WHERE x = ?", 1));
                assertEquals(8L, db.execute("SELECT ?", 8).rows().getFirst().getLong(0));
            }
        });
    }

    @Test
    void insertReportsTheGeneratedKey() throws Exception {
        InCoro.run(() -> {
            try (MySqlConnection db = MySqlConnection.connect(MariaDbServer.config().build())) {
                db.update("CREATE TEMPORARY TABLE k (id INT AUTO_INCREMENT PRIMARY KEY, v INT)");
                db.update("INSERT INTO k (v) VALUES (1)");
                QueryResult r = db.execute("INSERT INTO k (v) VALUES (?), (?)", 2, 3);
                assertEquals(2, r.affectedRows());
                assertEquals(2, r.lastInsertId());
            }
        });
    }

    @Test
    void localInfileIsRefused() throws Exception {
        InCoro.run(() -> {
            try (MySqlConnection db = MySqlConnection.connect(MariaDbServer.config().build())) {
                db.update("CREATE TEMPORARY TABLE f (x INT)");
                MySqlException e = assertThrows(MySqlException.class,
                        () -> db.update("LOAD DATA LOCAL INFILE '/etc/hostname' INTO TABLE f"));
                assertTrue(e.getMessage().contains("not allowed") || e.getMessage().contains("refused"), e.getMessage());
                assertEquals(0L, db.query("SELECT COUNT(*) FROM f").rows().getFirst().getLong(0));
            }
        });
    }

    @Test
    void statementCacheReusesAndEvicts() throws Exception {
        InCoro.run(() -> {
            MySqlConfig cfg = MariaDbServer.config().statementCacheSize(2).build();
            try (MySqlConnection db = MySqlConnection.connect(cfg)) {
                long before = preparedCount(db);
                for (int i = 0; i < 3; i++) {
                    db.execute("SELECT ?", i);
                }
                assertEquals(before + 1, preparedCount(db), "one statement prepared once");
                db.execute("SELECT ? + 1", 1);
                db.execute("SELECT ? + 2", 1);
                db.execute("SELECT ? + 3", 1);
                assertEquals(2L, openStatements(db), "two kept, the rest closed on the server");
            }
        });
    }

    @Test
    void withoutACacheStatementsAreClosedAfterUse() throws Exception {
        InCoro.run(() -> {
            try (MySqlConnection db = MySqlConnection.connect(MariaDbServer.config().statementCacheSize(0).build())) {
                for (int i = 0; i < 3; i++) {
                    assertEquals((long) i, db.execute("SELECT ?", i).rows().getFirst().getLong(0));
                }
                assertEquals(0L, openStatements(db));
            }
        });
    }

    @Test
    void batchIsPipelinedAndReportsEachRow() throws Exception {
        InCoro.run(() -> {
            try (MySqlConnection db = MySqlConnection.connect(MariaDbServer.config().build())) {
                db.update("CREATE TEMPORARY TABLE b (id INT PRIMARY KEY, v VARCHAR(10))");
                List<Object[]> rows = new java.util.ArrayList<>();
                for (int i = 0; i < 600; i++) {
                    rows.add(new Object[] {i, "v" + i});
                }
                long[] affected = db.executeBatch("INSERT INTO b VALUES (?, ?)", rows);
                assertEquals(600, affected.length);
                assertTrue(java.util.Arrays.stream(affected).allMatch(n -> n == 1));
                assertEquals(600L, db.query("SELECT COUNT(*) FROM b").rows().getFirst().getLong(0));
                assertEquals("v599", db.execute("SELECT v FROM b WHERE id = ?", 599).scalar());
                MySqlException dup = assertThrows(MySqlException.class, () -> db.executeBatch("INSERT INTO b VALUES (?, ?)",
                        List.of(new Object[] {1000, "a"}, new Object[] {1, "dup"}, new Object[] {1001, "b"})));
                assertEquals(1062, dup.errorCode());
                assertEquals(602L, db.query("SELECT COUNT(*) FROM b").rows().getFirst().getLong(0), "the others ran");
            }
        });
    }

    @Test
    void aPipelinedBatchCarriesCommandsOverOneAndOver64KiB() throws Exception {
        InCoro.run(() -> {
            try (MySqlConnection db = MySqlConnection.connect(MariaDbServer.config().build())) {
                db.update("CREATE TEMPORARY TABLE p (id INT PRIMARY KEY, v MEDIUMTEXT)");
                String mid = "m".repeat(300);      // a command of 2 length bytes
                String big = "b".repeat(70_000);   // a command of 3 length bytes
                long[] affected = db.executeBatch("INSERT INTO p VALUES (?, ?)",
                        List.of(new Object[] {1, mid}, new Object[] {2, big}, new Object[] {3, "s"}));
                assertEquals(3, affected.length);
                assertEquals("300,70000,1", db.query("SELECT GROUP_CONCAT(LENGTH(v) ORDER BY id) FROM p").scalar());
            }
        });
    }

    private static long preparedCount(MySqlConnection db) throws Exception {
        return Long.parseLong(db.query("SHOW SESSION STATUS LIKE 'Com_stmt_prepare'").rows().getFirst().getString(1));
    }

    private static long openStatements(MySqlConnection db) throws Exception {
        return Long.parseLong(db.query("SHOW SESSION STATUS LIKE 'Com_stmt_prepare'").rows().getFirst().getString(1))
                - Long.parseLong(db.query("SHOW SESSION STATUS LIKE 'Com_stmt_close'").rows().getFirst().getString(1));
    }
}
