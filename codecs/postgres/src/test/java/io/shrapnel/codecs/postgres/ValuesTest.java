package io.shrapnel.codecs.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.codecs.postgres.internal.BinaryValues;
import io.shrapnel.codecs.postgres.internal.MessageWriter;
import io.shrapnel.codecs.postgres.internal.Oid;
import io.shrapnel.codecs.postgres.internal.Params;
import io.shrapnel.codecs.postgres.internal.TextValues;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Value codecs alone, on the edges a server rarely shows. */
class ValuesTest {
    private static Object text(int oid, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return TextValues.decode(oid, b, 0, b.length);
    }

    private static Object binary(int oid, MessageWriter w) {
        byte[] b = w.toByteArray();
        return BinaryValues.decode(oid, b, 0, b.length);
    }

    private static MessageWriter numeric(int ndigits, int weight, int sign, int dscale, int... digits) {
        MessageWriter w = new MessageWriter().int16(ndigits).int16(weight).int16(sign).int16(dscale);
        for (int d : digits) {
            w.int16(d);
        }
        return w;
    }

    @Test
    void binaryNumericDigitsWeightsSignsAndScales() {
        assertEquals(new BigDecimal("12345.6789"), binary(Oid.NUMERIC, numeric(3, 1, 0, 4, 1, 2345, 6789)));
        assertEquals(new BigDecimal("-0.0001"), binary(Oid.NUMERIC, numeric(1, -1, 0x4000, 4, 1)));
        assertEquals(new BigDecimal("100000000"), binary(Oid.NUMERIC, numeric(1, 2, 0, 0, 1)));
        assertEquals(new BigDecimal("0.00"), binary(Oid.NUMERIC, numeric(0, 0, 0, 2)));
        assertEquals(Double.NaN, binary(Oid.NUMERIC, numeric(0, 0, 0xC000, 0)));
        assertEquals(Double.POSITIVE_INFINITY, binary(Oid.NUMERIC, numeric(0, 0, 0xD000, 0)));
        assertEquals(Double.NEGATIVE_INFINITY, binary(Oid.NUMERIC, numeric(0, 0, 0xF000, 0)));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> binary(Oid.NUMERIC, numeric(0, 0, 0x1234, 0)))
                .getMessage().contains("sign 1234"));
        assertThrows(IllegalArgumentException.class, () -> binary(Oid.NUMERIC, numeric(2, 0, 0, 0, 1)));
        assertThrows(IllegalArgumentException.class, () -> binary(Oid.NUMERIC, new MessageWriter().int16(0)));
    }

    @Test
    void binaryFixedSizesAreChecked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> binary(Oid.INT4, new MessageWriter().int16(1)));
        assertEquals("malformed binary value of type 23: 2 bytes, expected 4", e.getMessage());
        assertEquals(4294967295L, binary(Oid.OID, new MessageWriter().int32(-1)));
        assertEquals(LocalDate.MAX, binary(Oid.DATE, new MessageWriter().int32(Integer.MAX_VALUE)));
        assertEquals(LocalDate.MIN, binary(Oid.DATE, new MessageWriter().int32(Integer.MIN_VALUE)));
        assertEquals(LocalDate.of(1999, 12, 31), binary(Oid.DATE, new MessageWriter().int32(-1)));
        assertEquals(LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_000),
                binary(Oid.TIMESTAMP, new MessageWriter().int32(-1).int32(-1)));
        assertEquals(LocalDateTime.MIN, binary(Oid.TIMESTAMP, new MessageWriter().int32(Integer.MIN_VALUE).int32(0)));
        assertEquals(java.time.OffsetDateTime.MAX,
                binary(Oid.TIMESTAMPTZ, new MessageWriter().int32(Integer.MAX_VALUE).int32(-1)));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> binary(Oid.TIME, new MessageWriter().int32(Integer.MAX_VALUE).int32(0))).getMessage()
                .startsWith("malformed binary value of type 1083"));
        assertEquals("{}", binary(Oid.JSONB, new MessageWriter().int8(1).bytes("{}".getBytes())));
        assertEquals("x", binary(Oid.JSONB, new MessageWriter().bytes("x".getBytes())));
        assertEquals("", binary(Oid.JSONB, new MessageWriter()));
        assertEquals("(1,2)", binary(600, new MessageWriter().bytes("(1,2)".getBytes())));
    }

    @Test
    void binaryArraysCheckTheirShape() {
        assertEquals(List.of(), binary(1007, new MessageWriter().int32(0).int32(0).int32(23)));
        assertEquals(Arrays.asList(7, null), binary(1007, new MessageWriter().int32(1).int32(1).int32(23)
                .int32(2).int32(1).int32(4).int32(7).int32(-1)));
        assertThrows(IllegalArgumentException.class, () -> binary(1007, new MessageWriter().int32(1)));
        assertThrows(IllegalArgumentException.class, () -> binary(1007, new MessageWriter().int32(7).int32(0).int32(23)
                .bytes(new byte[56])));
        assertThrows(IllegalArgumentException.class, () -> binary(1007, new MessageWriter().int32(1).int32(0).int32(23)
                .int32(-1).int32(1)));
        assertThrows(IllegalArgumentException.class, () -> binary(1007, new MessageWriter().int32(1).int32(0).int32(23)
                .int32(1).int32(1)));
        assertThrows(IllegalArgumentException.class, () -> binary(1007, new MessageWriter().int32(1).int32(0).int32(23)
                .int32(1).int32(1).int32(9).int32(1)));
        assertThrows(IllegalArgumentException.class, () -> binary(1007, new MessageWriter().int32(1).int32(0).int32(23)
                .int32(1).int32(1).int32(4).int32(1).int8(0)));
    }

    @Test
    void textDecodingFallsBackToTheText() {
        assertEquals("2024-01-01 BC", text(Oid.DATE, "2024-01-01 BC"));
        assertEquals("\\001", text(Oid.BYTEA, "\\001"));
        assertEquals(LocalDateTime.MIN, text(Oid.TIMESTAMP, "-infinity"));
        assertEquals(java.time.OffsetDateTime.MAX, text(Oid.TIMESTAMPTZ, "infinity"));
        assertEquals(true, text(Oid.BOOL, "t"));
        assertEquals(false, text(Oid.BOOL, "f"));
        assertEquals(4294967295L, text(Oid.OID, "4294967295"));
        assertEquals("{1,2", text(1007, "{1,2"));
        assertEquals("{1,2}x", text(1007, "{1,2}x"));
        assertEquals("{1;2}", text(1007, "{1;2}"));
        assertEquals("P1X", text(Oid.INTERVAL, "P1X"));
        assertEquals("1 day", text(Oid.INTERVAL, "1 day"));
        assertEquals("PT1X", text(Oid.INTERVAL, "PT1X"));
        assertEquals("P1", text(Oid.INTERVAL, "P1"));
        assertEquals(new PgInterval(0, 21, 0), text(Oid.INTERVAL, "P3W"));
        assertEquals(new PgInterval(0, 0, 1_500_000), text(Oid.INTERVAL, "PT1.5S"));
        assertEquals(new PgInterval(0, 0, -60_000_000), text(Oid.INTERVAL, "PT-1M"));
    }

    @Test
    void intervalsPrintAsIso8601() {
        assertEquals("P1Y", new PgInterval(12, 0, 0).toString());
        assertEquals("P1M", new PgInterval(1, 0, 0).toString());
        assertEquals("P-1Y-1M-1DT-1H-1M-1.000001S", new PgInterval(-13, -1, -3_661_000_001L).toString());
        assertEquals("PT2H", new PgInterval(0, 0, 7_200_000_000L).toString());
        assertEquals("PT0.5S", new PgInterval(0, 0, 500_000).toString());
        assertEquals("P5D", new PgInterval(0, 5, 0).toString());
    }

    @Test
    void parametersAreTextExceptBytes() {
        assertTrue(Params.binary(new byte[0]));
        assertFalse(Params.binary("x"));
        assertEquals(Oid.BYTEA, Params.typeOf(new byte[0]));
        assertEquals(0, Params.typeOf(1));
        assertEquals(null, encode(null));
        assertEquals("t", new String(encode(true), StandardCharsets.UTF_8));
        assertEquals("{\"a\\\\b\",\"c\\\"d\",NULL,{\"1\"},\"\\\\x0102\"}",
                new String(encode(Arrays.asList("a\\b", "c\"d", null, List.of(1), new byte[] {1, 2})),
                        StandardCharsets.UTF_8));
        assertEquals("{{\"x\"}}", new String(encode(new Object[] {new Object[] {"x"}}), StandardCharsets.UTF_8));
        assertEquals("{}", new String(encode(List.of()), StandardCharsets.UTF_8));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> encode(new StringBuilder()))
                .getMessage().contains("cannot send a java.lang.StringBuilder"));
    }

    /** What {@link Params#write} puts after the length; null when it wrote -1 (SQL NULL). */
    private static byte[] encode(Object v) {
        MessageWriter out = new MessageWriter();
        Params.write(out, v);
        byte[] b = out.toByteArray();
        int len = java.nio.ByteBuffer.wrap(b).getInt();
        if (len == -1) {
            assertEquals(4, b.length);
            return null;
        }
        assertEquals(b.length - 4, len, "the length prefix counts the value's bytes");
        return Arrays.copyOfRange(b, 4, b.length);
    }

    @Test
    void parametersWrittenStraightIntoTheBufferCarryTheirUtf8Length() {
        assertEquals("é€x", new String(encode("é€x"), StandardCharsets.UTF_8));
        assertEquals(6, encode("é€x").length); // 2 + 3 + 1
        for (long n : new long[] {0, 7, -7, 10, -10, 99, 12345678901L, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertEquals(Long.toString(n), new String(encode(n), StandardCharsets.UTF_8));
        }
        assertEquals("-2147483648", new String(encode(Integer.MIN_VALUE), StandardCharsets.UTF_8));
        assertEquals("-32768", new String(encode(Short.MIN_VALUE), StandardCharsets.UTF_8));
        assertEquals("-5", new String(encode((byte) -5), StandardCharsets.UTF_8));
        assertEquals(0, encode("").length);
        byte[] raw = {0, (byte) 0xff};
        assertArrayEquals(raw, encode(raw));
        MessageWriter out = new MessageWriter();
        out.cstring("ab").cstring("ü");
        assertArrayEquals(new byte[] {'a', 'b', 0, (byte) 0xc3, (byte) 0xbc, 0}, out.toByteArray());
        MessageWriter w = new MessageWriter();
        w.bytes(new byte[] {1, 2, 3});
        assertEquals(3, w.buffer().remaining());
        w.buffer().get(); // a consumer moved the position; the next call starts again at 0
        assertEquals(3, w.buffer().remaining());
        w.clear();
        byte[] large = new byte[5000];
        large[4999] = 9;
        w.bytes(large);
        java.nio.ByteBuffer grown = w.buffer();
        assertEquals(5000, grown.remaining(), "the view follows the array when it grows");
        assertEquals(9, grown.get(4999));
        assertThrows(IllegalArgumentException.class, () -> new MessageWriter().cstring("\0at the start"));
        assertThrows(IllegalArgumentException.class, () -> new MessageWriter().cstring("in\0side"));
        String big = "x".repeat(10_000);
        assertEquals(big, new String(encode(big), StandardCharsets.UTF_8), "past the writer's first 4 KiB");
    }

    @Test
    void oidsKnowTheirElementsAndFormats() {
        int[][] arrays = {{1000, 16}, {1001, 17}, {1003, 19}, {1005, 21}, {1007, 23}, {1009, 25}, {1014, 1042},
            {1015, 1043}, {1016, 20}, {1021, 700}, {1022, 701}, {1115, 1114}, {1182, 1082}, {1183, 1083},
            {1185, 1184}, {1187, 1186}, {1231, 1700}, {2951, 2950}, {199, 114}, {3807, 3802}};
        for (int[] a : arrays) {
            assertEquals(a[1], Oid.elementOf(a[0]), "element of " + a[0]);
        }
        assertEquals(0, Oid.elementOf(23));
        for (int oid : new int[] {16, 17, 20, 21, 23, 25, 1043, 1042, 19, 700, 701, 1082, 1083, 1114, 1184, 1186, 1700,
            2950, 26, 1007, 1231}) {
            assertTrue(Oid.binaryResult(oid), "binary " + oid);
        }
        for (int oid : new int[] {114, 3802, 600, 199, 3807, 18, 705, 0}) {
            assertFalse(Oid.binaryResult(oid), "text " + oid);
        }
    }
}
