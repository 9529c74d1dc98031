package io.shrapnel.codecs.mysql.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.codecs.mysql.Column;
import io.shrapnel.codecs.mysql.ColumnType;
import io.shrapnel.codecs.mysql.MySqlProtocolException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Text and binary values, and statement parameters, without a server. */
class ValuesTest {
    private static final HexFormat HEX = HexFormat.of();

    private static Column col(ColumnType type, int flags, int collation) {
        return new Column("s", "t", "c", "c", collation, 0, type, flags, 0);
    }

    private static Object text(ColumnType type, String value) throws MySqlProtocolException {
        return TextValues.decode(col(type, 0, 45), value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void textValues() throws Exception {
        assertEquals(-5, text(ColumnType.TINY, "-5"));
        assertEquals(2155, text(ColumnType.YEAR, "2155"));
        assertEquals(-7, text(ColumnType.LONG, "-7"));
        assertEquals(4294967295L, TextValues.decode(col(ColumnType.LONG, Column.FLAG_UNSIGNED, 63), "4294967295".getBytes()));
        assertEquals(-9L, text(ColumnType.LONGLONG, "-9"));
        assertEquals(new BigInteger("18446744073709551615"),
                TextValues.decode(col(ColumnType.LONGLONG, Column.FLAG_UNSIGNED, 63), "18446744073709551615".getBytes()));
        assertEquals(new BigDecimal("-1.50"), text(ColumnType.NEWDECIMAL, "-1.50"));
        assertEquals(new BigDecimal("3"), text(ColumnType.DECIMAL, "3"));
        assertEquals(1.5f, text(ColumnType.FLOAT, "1.5"));
        assertEquals(-2.5, text(ColumnType.DOUBLE, "-2.5"));
        assertEquals(LocalDate.of(2024, 2, 29), text(ColumnType.DATE, "2024-02-29"));
        assertEquals(LocalDate.of(1999, 12, 31), text(ColumnType.NEWDATE, "1999-12-31"));
        assertNull(text(ColumnType.DATE, "0000-00-00"));
        assertNull(text(ColumnType.DATETIME, "0000-00-00 00:00:00"));
        assertEquals(LocalDateTime.of(2024, 1, 2, 3, 4, 5), text(ColumnType.DATETIME, "2024-01-02 03:04:05"));
        assertEquals(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 120_000_000), text(ColumnType.TIMESTAMP, "2024-01-02 03:04:05.12"));
        assertEquals(LocalDateTime.of(2024, 1, 2, 0, 0), text(ColumnType.DATETIME, "2024-01-02"));
        assertEquals(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 1000), text(ColumnType.DATETIME, "2024-01-02 03:04:05.000001"));
        assertEquals(Duration.ofHours(100).plusMinutes(2).plusSeconds(3), text(ColumnType.TIME, "100:02:03"));
        assertEquals(Duration.ofMinutes(1).plusNanos(500_000_000).negated(), text(ColumnType.TIME, "-00:01:00.5"));
        assertEquals(Duration.ofSeconds(59), text(ColumnType.TIME, "00:00:59."));
        assertEquals(0x1234L, TextValues.decode(col(ColumnType.BIT, 0, 63), new byte[] {0x12, 0x34}));
        assertNull(text(ColumnType.NULL, "x"));
        assertArrayEquals(new byte[] {1, 2}, (byte[]) TextValues.decode(col(ColumnType.GEOMETRY, 0, 63), new byte[] {1, 2}));
        assertArrayEquals(new byte[] {1, 2}, (byte[]) TextValues.decode(col(ColumnType.BLOB, 0, 63), new byte[] {1, 2}));
        assertEquals("café", TextValues.decode(col(ColumnType.VAR_STRING, 0, 8), new byte[] {'c', 'a', 'f', (byte) 0xE9}));
        assertEquals("{}", text(ColumnType.JSON, "{}"));
        assertNull(TextValues.decode(col(ColumnType.LONG, 0, 63), null));
        MySqlProtocolException e = assertThrows(MySqlProtocolException.class, () -> text(ColumnType.LONG, "12x"));
        assertEquals("column 'c' (LONG): cannot read '12x'", e.getMessage());
        assertThrows(MySqlProtocolException.class, () -> text(ColumnType.DATE, "2024"));
    }

    /** Encodes the parameters, then reads the values back as the binary protocol's row values of the same types. */
    private static List<Object> roundTrip(Object... params) throws Exception {
        byte[] p = ExecuteEncoder.encode(0x01020304L, params);
        PacketReader r = new PacketReader(p);
        assertEquals(0x17, r.int1());
        assertEquals(0x01020304L, r.int4());
        assertEquals(0, r.int1());
        assertEquals(1, r.int4());
        byte[] nulls = r.bytes((params.length + 7) / 8);
        assertEquals(1, r.int1());
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < params.length; i++) {
            int type = r.int1();
            int flag = r.int1();
            columns.add(col(ColumnType.of(type), flag == 0x80 ? Column.FLAG_UNSIGNED : 0, type == 252 ? 63 : 45));
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < params.length; i++) {
            boolean isNull = (nulls[i / 8] & (1 << (i % 8))) != 0;
            assertEquals(params[i] == null, isNull, "null bit of parameter " + i);
            out.add(isNull ? null : BinaryValues.decode(columns.get(i), r));
        }
        assertEquals(0, r.remaining());
        return out;
    }

    @Test
    void parametersReadBackAsTheirBinaryValues() throws Exception {
        byte[] blob = {1, 2, 3};
        List<Object> back = roundTrip(true, false, (byte) -3, (short) -300, -70000, -5_000_000_000L,
                new BigInteger("18446744073709551615"), new BigInteger("-5"), new BigInteger("18446744073709551616"),
                new BigDecimal("-12.345"), 1.25f, -2.5e-300, "héllo", blob, LocalDate.of(2024, 2, 29),
                LocalDateTime.of(2024, 2, 29, 23, 59, 58, 123_456_000), LocalTime.of(13, 14, 15, 16_000),
                Duration.ofDays(2).plusHours(3).plusMinutes(4).plusSeconds(5).plusNanos(6000).negated(), null, null, null,
                null, null, null, null, 0);
        assertEquals(1, back.get(0));
        assertEquals(0, back.get(1));
        assertEquals(-3, back.get(2));
        assertEquals(-300, back.get(3));
        assertEquals(-70000, back.get(4));
        assertEquals(-5_000_000_000L, back.get(5));
        assertEquals(new BigInteger("18446744073709551615"), back.get(6));
        assertEquals(new BigDecimal("-5"), back.get(7));
        assertEquals(new BigDecimal("18446744073709551616"), back.get(8));
        assertEquals(new BigDecimal("-12.345"), back.get(9));
        assertEquals(1.25f, back.get(10));
        assertEquals(-2.5e-300, back.get(11));
        assertEquals("héllo", back.get(12));
        assertArrayEquals(blob, (byte[]) back.get(13));
        assertEquals(LocalDate.of(2024, 2, 29), back.get(14));
        assertEquals(LocalDateTime.of(2024, 2, 29, 23, 59, 58, 123_456_000), back.get(15));
        assertEquals(Duration.ofHours(13).plusMinutes(14).plusSeconds(15).plusNanos(16_000), back.get(16));
        assertEquals(Duration.ofDays(2).plusHours(3).plusMinutes(4).plusSeconds(5).plusNanos(6000).negated(), back.get(17));
        assertNull(back.get(18));
        assertEquals(0, back.get(25));
    }

    @Test
    void executeWithoutParametersIsTheHeaderAlone() {
        assertEquals("170700000000" + "01000000", HEX.formatHex(ExecuteEncoder.encode(7, new Object[0])));
        assertEquals("1707000000000100000001" + "01" + "0600", HEX.formatHex(ExecuteEncoder.encode(7, new Object[] {null})));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExecuteEncoder.encode(1, new Object[] {new Object()}));
        assertTrue(e.getMessage().startsWith("cannot send a java.lang.Object"), e.getMessage());
    }

    private static Object binary(ColumnType type, int flags, String hex) throws Exception {
        PacketReader r = new PacketReader(HEX.parseHex(hex));
        Object v = BinaryValues.decode(col(type, flags, 45), r);
        assertEquals(0, r.remaining(), "consumed everything");
        return v;
    }

    @Test
    void binaryValuesSignedAndUnsigned() throws Exception {
        assertEquals(255, binary(ColumnType.TINY, Column.FLAG_UNSIGNED, "ff"));
        assertEquals(-1, binary(ColumnType.TINY, 0, "ff"));
        assertEquals(65535, binary(ColumnType.SHORT, Column.FLAG_UNSIGNED, "ffff"));
        assertEquals(-1, binary(ColumnType.SHORT, 0, "ffff"));
        assertEquals(2024, binary(ColumnType.YEAR, 0, "e807"));
        assertEquals(-1, binary(ColumnType.INT24, 0, "ffffffff"));
        assertEquals(-1, binary(ColumnType.INT24, Column.FLAG_UNSIGNED, "ffffffff"));
        assertEquals(4294967295L, binary(ColumnType.LONG, Column.FLAG_UNSIGNED, "ffffffff"));
        assertEquals(-1, binary(ColumnType.LONG, 0, "ffffffff"));
        assertEquals(-1L, binary(ColumnType.LONGLONG, 0, "ffffffffffffffff"));
        assertEquals(new BigInteger("18446744073709551615"), binary(ColumnType.LONGLONG, Column.FLAG_UNSIGNED, "ffffffffffffffff"));
        assertEquals(BigInteger.ONE, binary(ColumnType.LONGLONG, Column.FLAG_UNSIGNED, "0100000000000000"));
        assertEquals(new BigDecimal("1.5"), binary(ColumnType.DECIMAL, 0, "03312e35"));
        assertEquals(0x0102L, binary(ColumnType.BIT, 0, "020102"));
        assertNull(binary(ColumnType.NULL, 0, ""));
        assertArrayEquals(new byte[] {9}, (byte[]) binary(ColumnType.GEOMETRY, 0, "0109"));
        assertEquals("ab", binary(ColumnType.STRING, 0, "026162"));
    }

    @Test
    void binaryTemporalsOfEveryLength() throws Exception {
        assertNull(binary(ColumnType.DATETIME, 0, "00"));
        assertNull(binary(ColumnType.DATE, 0, "00"));
        assertEquals(LocalDate.of(2024, 2, 29), binary(ColumnType.DATE, 0, "04e807021d"));
        assertEquals(LocalDate.of(2024, 2, 29), binary(ColumnType.NEWDATE, 0, "04e807021d"));
        assertEquals(LocalDateTime.of(2024, 2, 29, 0, 0), binary(ColumnType.DATETIME, 0, "04e807021d"));
        assertEquals(LocalDateTime.of(2024, 2, 29, 1, 2, 3), binary(ColumnType.TIMESTAMP, 0, "07e807021d010203"));
        assertEquals(LocalDateTime.of(2024, 2, 29, 1, 2, 3, 4000), binary(ColumnType.DATETIME, 0, "0be807021d01020304000000"));
        assertNull(binary(ColumnType.DATETIME, 0, "04000000" + "00"), "zero date");
        assertNull(binary(ColumnType.DATETIME, 0, "04e8070100"), "zero day");
        MySqlProtocolException badLength = assertThrows(MySqlProtocolException.class, () -> binary(ColumnType.DATETIME, 0, "05e807021d00"));
        assertEquals("binary DATETIME of 5 bytes (0, 4, 7 or 11 expected)", badLength.getMessage());
        MySqlProtocolException badDate = assertThrows(MySqlProtocolException.class, () -> binary(ColumnType.DATE, 0, "04e807021e"));
        assertTrue(badDate.getMessage().startsWith("invalid binary DATETIME"), badDate.getMessage());
        assertEquals(Duration.ZERO, binary(ColumnType.TIME, 0, "00"));
        assertEquals(Duration.ofDays(1).plusHours(2).plusMinutes(3).plusSeconds(4), binary(ColumnType.TIME, 0, "080001000000020304"));
        assertEquals(Duration.ofDays(1).plusHours(2).plusMinutes(3).plusSeconds(4).plusNanos(5000).negated(),
                binary(ColumnType.TIME, 0, "0c010100000002030405000000"));
        MySqlProtocolException badTime = assertThrows(MySqlProtocolException.class, () -> binary(ColumnType.TIME, 0, "09"));
        assertEquals("binary TIME of 9 bytes (0, 8 or 12 expected)", badTime.getMessage());
        MySqlProtocolException nullInside = assertThrows(MySqlProtocolException.class, () -> binary(ColumnType.STRING, 0, "fb"));
        assertTrue(nullInside.getMessage().contains("NULL marker"));
    }
}
