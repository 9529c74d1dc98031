package io.shrapnel.codecs.mysql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Row accessors, results, configuration and the statement cache, without a server. */
class RowTest {
    private static Column column(String name, ColumnType type) {
        return new Column("s", "t", name, name, 45, 10, type, 0, 0);
    }

    private static final List<Column> COLUMNS = List.of(column("i", ColumnType.LONG), column("big", ColumnType.LONGLONG),
            column("dec", ColumnType.NEWDECIMAL), column("txt", ColumnType.VAR_STRING), column("bin", ColumnType.BLOB),
            column("dbl", ColumnType.DOUBLE), column("flt", ColumnType.FLOAT), column("nul", ColumnType.NULL));
    private static final Row ROW = new Row(COLUMNS, new Object[] {42, new BigInteger("18446744073709551615"),
        new BigDecimal("12.50"), "héllo", "bytes".getBytes(StandardCharsets.UTF_8), 2.5, 1.25f, null});

    @Test
    void valuesByIndexAndLabel() {
        assertEquals(8, ROW.size());
        assertEquals(42, ROW.get(0));
        assertEquals(42, ROW.get("I"));
        assertEquals(3, ROW.indexOf("txt"));
        assertEquals("héllo", ROW.getString("txt"));
        assertEquals(42L, ROW.getLong("i"));
        assertEquals(42, ROW.getInt(0));
        assertEquals("bytes", ROW.getString(4));
        assertEquals("42", ROW.getString(0));
        assertNull(ROW.getString(7));
        assertTrue(ROW.isNull(7));
        assertFalse(ROW.isNull(0));
        assertEquals(COLUMNS, ROW.columns());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ROW.get("nope"));
        assertTrue(e.getMessage().contains("[i, big, dec, txt, bin, dbl, flt, nul]"), e.getMessage());
    }

    @Test
    void numericConversions() {
        assertEquals(BigInteger.valueOf(42), ROW.getBigInteger(0));
        assertEquals(new BigInteger("18446744073709551615"), ROW.getBigInteger(1));
        assertEquals(BigInteger.valueOf(12), new Row(COLUMNS, new Object[] {null, null, new BigDecimal("12")}).getBigInteger(2));
        assertThrows(ArithmeticException.class, () -> ROW.getBigInteger(2));
        assertEquals(new BigDecimal("12.50"), ROW.getBigDecimal(2));
        assertEquals(new BigDecimal("18446744073709551615"), ROW.getBigDecimal(1));
        assertEquals(new BigDecimal("2.5"), ROW.getBigDecimal(5));
        assertEquals(new BigDecimal("1.25"), ROW.getBigDecimal(6));
        assertEquals(BigDecimal.valueOf(42), ROW.getBigDecimal(0));
        IllegalStateException notNumber = assertThrows(IllegalStateException.class, () -> ROW.getLong(3));
        assertEquals("column 3 ('txt') holds a String, not a number", notNumber.getMessage());
        IllegalStateException nul = assertThrows(IllegalStateException.class, () -> ROW.getInt(7));
        assertEquals("column 7 ('nul') holds NULL, not a number", nul.getMessage());
    }

    @Test
    void bytesOfAnyValue() {
        assertArrayEquals("bytes".getBytes(StandardCharsets.UTF_8), ROW.getBytes(4));
        assertArrayEquals("héllo".getBytes(StandardCharsets.UTF_8), ROW.getBytes(3));
        assertNull(ROW.getBytes(7));
        assertTrue(ROW.toString().startsWith("[42, 18446744073709551615, 12.50, héllo, [98, 121"), ROW.toString());
    }

    @Test
    void scalarNeedsOneRowOfOneColumn() {
        QueryResult one = new QueryResult(List.of(COLUMNS.getFirst()), List.of(new Row(COLUMNS, new Object[] {7})), 0, 0, 0);
        assertEquals(7, one.scalar());
        assertTrue(one.isResultSet());
        QueryResult ok = new QueryResult(List.of(), List.of(), 3, 9, 1);
        assertFalse(ok.isResultSet());
        IllegalStateException e = assertThrows(IllegalStateException.class, ok::scalar);
        assertEquals("scalar() needs exactly one row and one column, not 0 row(s) of 0 column(s)", e.getMessage());
        QueryResult twoColumns = new QueryResult(COLUMNS.subList(0, 2), List.of(ROW), 0, 0, 0);
        assertThrows(IllegalStateException.class, twoColumns::scalar);
    }

    @Test
    void columnFlagsAndCharsets() {
        Column c = new Column("s", "t", "n", "n", 63, 4, ColumnType.LONG, Column.FLAG_UNSIGNED | Column.FLAG_NOT_NULL, 0);
        assertTrue(c.unsigned());
        assertTrue(c.binary());
        Column latin = new Column("s", "t", "n", "n", 8, 4, ColumnType.VAR_STRING, 0, 0);
        assertFalse(latin.unsigned());
        assertFalse(latin.binary());
        assertEquals("windows-1252", latin.charset().name());
        assertEquals(StandardCharsets.UTF_8, column("x", ColumnType.VAR_STRING).charset());
        assertEquals(ColumnType.JSON, ColumnType.of(245));
        assertEquals(245, ColumnType.JSON.code());
        assertNull(ColumnType.of(100));
        assertNull(ColumnType.of(-1));
        assertNull(ColumnType.of(256));
    }

    @Test
    void configValidatesAndCopies() {
        MySqlConfig c = MySqlConfig.builder().host("db").port(3307).user("u").password(null).database("d")
                .maxPacketSize(2048).statementCacheSize(0).build();
        assertEquals("db", c.host());
        assertEquals(3307, c.port());
        assertEquals("u", c.user());
        assertEquals("d", c.database());
        assertEquals("", c.password);
        assertEquals(MySqlConfig.TlsMode.DISABLED, c.tlsMode());
        assertEquals("mysql://u@db:3307/d tls=DISABLED", c.toString());
        MySqlConfig copy = c.toBuilder().port(3308).build();
        assertEquals(3308, copy.port());
        assertEquals(2048, copy.maxPacketSize);
        assertEquals(0, copy.statementCacheSize);
        assertEquals("db", copy.serverName);
        assertThrows(IllegalArgumentException.class, () -> MySqlConfig.builder().port(0));
        assertThrows(IllegalArgumentException.class, () -> MySqlConfig.builder().port(65536));
        assertThrows(IllegalArgumentException.class, () -> MySqlConfig.builder().maxPacketSize(1023));
        assertThrows(IllegalArgumentException.class, () -> MySqlConfig.builder().statementCacheSize(-1));
        assertThrows(IllegalArgumentException.class, () -> MySqlConfig.builder().tls(MySqlConfig.TlsMode.REQUIRED, null));
        IllegalStateException noUser = assertThrows(IllegalStateException.class, () -> MySqlConfig.builder().build());
        assertTrue(noUser.getMessage().contains("user"));
        assertEquals("mysql://u@127.0.0.1:3306/ tls=DISABLED", MySqlConfig.builder().user("u").build().toString());
        MySqlConfig.builder().port(1).port(65535).maxPacketSize(1024).statementCacheSize(0);
    }

    @Test
    void statementCacheEvictsTheLeastRecentlyUsed() {
        StatementCache cache = new StatementCache(2);
        PreparedStatement a = new PreparedStatement("a", 1, 0, List.of());
        PreparedStatement b = new PreparedStatement("b", 2, 0, List.of());
        PreparedStatement c = new PreparedStatement("c", 3, 0, List.of());
        assertEquals(List.of(), cache.put(a));
        assertEquals(List.of(), cache.put(b));
        assertEquals(a, cache.get("a")); // a is now the most recent
        assertEquals(List.of(b), cache.put(c));
        assertNull(cache.get("b"));
        assertEquals(2, cache.size());
        cache.clear();
        assertEquals(0, cache.size());
        StatementCache off = new StatementCache(0);
        assertEquals(List.of(a), off.put(a));
        assertNull(off.get("a"));
    }
}
