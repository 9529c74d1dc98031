package io.shrapnel.codecs.amqp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.codecs.amqp.AmqpProtocolException;
import io.shrapnel.codecs.amqp.FieldValue;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldTablesTest {
    private static byte[] encode(Map<String, ?> t) {
        WireWriter w = new WireWriter(1);
        FieldTables.writeTable(w, t);
        return w.toByteArray();
    }

    private static Map<String, Object> decode(byte[] b) throws AmqpProtocolException {
        WireReader r = new WireReader(b);
        Map<String, Object> t = FieldTables.readTable(r);
        assertEquals(0, r.remaining());
        return t;
    }

    private static String one(Object v) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("k", v);
        String hex = Hex.of(encode(t));
        assertEquals("016b", hex.substring(8, 12)); // key "k"
        return hex.substring(12);
    }

    @Test
    void everyTypeHasItsTagAndBytes() {
        assertEquals("7401", one(true));
        assertEquals("7400", one(false));
        assertEquals("62fb", one((byte) -5));
        assertEquals("42fa", one(new FieldValue.UnsignedByte(250)));
        assertEquals("73fed4", one((short) -300));
        assertEquals("75fde8", one(new FieldValue.UnsignedShort(65000)));
        assertEquals("49fffeee90", one(-70000));
        assertEquals("69ee6b2800", one(new FieldValue.UnsignedInt(4_000_000_000L)));
        assertEquals("6c8000000000000000", one(Long.MIN_VALUE));
        assertEquals("663fc00000", one(1.5f));
        assertEquals("64c002000000000000", one(-2.25));
        assertEquals("440200003039", one(new BigDecimal("123.45")));
        assertEquals("5300000003676f21", one("go!"));
        assertEquals("780000000200ff", one(new byte[] {0, (byte) 0xFF}));
        assertEquals("540000000065fd6a00", one(Instant.ofEpochSecond(0x65fd6a00L)));
        assertEquals("56", one(null));
        assertEquals("41000000064900000001" + "56", one(java.util.Arrays.asList(1, null)));
        assertEquals("4600000000", one(Map.of()));
    }

    @Test
    void nestedTablesCarryTheirLength() {
        Map<String, Object> inner = Map.of("a", true);
        assertEquals("46" + "00000004" + "01617401", one(inner));
        assertEquals("0000000b016b46000000040161" + "7401", Hex.of(encode(Map.of("k", inner))));
    }

    @Test
    void decodesWhatItEncodes() throws Exception {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("b", (byte) 1);
        t.put("B", new FieldValue.UnsignedByte(2));
        t.put("s", (short) 3);
        t.put("u", new FieldValue.UnsignedShort(4));
        t.put("I", 5);
        t.put("i", new FieldValue.UnsignedInt(6));
        t.put("l", 7L);
        t.put("f", 8f);
        t.put("d", 9d);
        t.put("D", new BigDecimal("-1.0"));
        t.put("S", "ten");
        t.put("T", Instant.ofEpochSecond(11));
        t.put("A", List.of(List.of(), Map.of("x", "y")));
        t.put("F", Map.of("t", false));
        t.put("V", null);
        assertEquals(t, decode(encode(t)));
        assertArrayEquals(new byte[] {1, 2}, (byte[]) decode(encode(Map.of("x", new byte[] {1, 2}))).get("x"));
        assertEquals(Map.of(), decode(encode(null)));
    }

    @Test
    void readsTheSpecsSignedTagsToo() throws Exception {
        assertEquals(Map.of("k", (short) -1), decode(Hex.bytes("00000005 016b 55ffff")));
        assertEquals(Map.of("k", -2L), decode(Hex.bytes("0000000b 016b 4c fffffffffffffffe")));
    }

    @Test
    void refusesTruncatedAndUnknownInput() throws Exception {
        AmqpProtocolException e = assertThrows(AmqpProtocolException.class, () -> decode(Hex.bytes("00000010 016b")));
        assertEquals(502, e.replyCode());
        assertTrue(e.getMessage().contains("runs past the end"), e.getMessage());
        e = assertThrows(AmqpProtocolException.class, () -> decode(Hex.bytes("00000003 016b 7a")));
        assertEquals("unknown field type 'z' (0x7a) at offset 6", e.getMessage());
        assertThrows(AmqpProtocolException.class, () -> decode(Hex.bytes("00000004 016b 49 00")));
        assertThrows(AmqpProtocolException.class, () -> decode(Hex.bytes("00000007 016b 53 ffffffff")));
        assertThrows(AmqpProtocolException.class, () -> decode(Hex.bytes("00000006 016b 41 00000009")));
        assertThrows(AmqpProtocolException.class, () -> decode(Hex.bytes("000000")));
        e = assertThrows(AmqpProtocolException.class, () -> decode(Hex.bytes("00000008 016b 4c 0000000000")));
        assertEquals("a long of 4 bytes at offset 11 runs past the end of its frame (1 bytes left)", e.getMessage());
        e = assertThrows(AmqpProtocolException.class, () -> decode(Hex.bytes("00000007 016b 53 00000009")));
        assertEquals("a long string of 9 bytes at offset 11 runs past the end of its frame (0 bytes left)", e.getMessage());
        e = assertThrows(AmqpProtocolException.class, () -> decode(Hex.bytes("0000000b 016b 54 7fffffffffffffff")));
        assertEquals("timestamp of 9223372036854775807 s at offset 7 is out of range", e.getMessage());
        assertThrows(AmqpProtocolException.class, () -> decode(Hex.bytes("0000000b 016b 54 8000000000000000")));
        assertEquals(Map.of("k", Instant.MAX.minusNanos(999_999_999)),
                decode(Hex.bytes("0000000b 016b 54 " + String.format("%016x", Instant.MAX.getEpochSecond()))));
        assertEquals(Map.of("k", Instant.MIN),
                decode(Hex.bytes("0000000b 016b 54 " + String.format("%016x", Instant.MIN.getEpochSecond()))));
    }

    /** A table holding arrays nested {@code depth} deep: {"a": [[[...]]]}. */
    private static byte[] arrayTable(int depth) {
        byte[] value = Hex.bytes("41 00000000");
        for (int i = 1; i < depth; i++) {
            WireWriter w = new WireWriter(1);
            w.octet('A').longStr(value);
            value = w.toByteArray();
        }
        WireWriter t = new WireWriter(1);
        t.longInt(2 + value.length).shortStr("a").bytes(value);
        return t.toByteArray();
    }

    /**
     * A table's reads stop at the table's own end, not the frame's: the byte after it (here a valid
     * tag or value) belongs to the next field and must not complete a value cut short.
     */
    @Test
    void readsStopAtTheTablesEndNotTheFrames() {
        AmqpProtocolException e = assertThrows(AmqpProtocolException.class,
                () -> FieldTables.readTable(new WireReader(Hex.bytes("00000002 016b 56"))));
        assertEquals("an octet of 1 bytes at offset 6 runs past the end of its frame (0 bytes left)", e.getMessage());
        e = assertThrows(AmqpProtocolException.class,
                () -> FieldTables.readTable(new WireReader(Hex.bytes("00000004 016b 73 00 00"))));
        assertEquals("a short of 2 bytes at offset 7 runs past the end of its frame (1 bytes left)", e.getMessage());
    }

    @Test
    void encodesTablesAndArraysUpToTheDepthLimit() {
        Map<String, Object> deep = Map.of();
        for (int i = 0; i < FieldTables.MAX_DEPTH; i++) {
            deep = Map.of("n", deep);
        }
        assertEquals(Nesting.tables(FieldTables.MAX_DEPTH).length, encode(deep).length);
        Object list = List.of();
        for (int i = 1; i < FieldTables.MAX_DEPTH; i++) {
            list = List.of(list);
        }
        assertEquals(arrayTable(FieldTables.MAX_DEPTH).length, encode(Map.of("a", list)).length);
        assertEquals("44ff" + "00000001", one(BigDecimal.valueOf(1, 255)));
        assertEquals("4400" + "80000000", one(BigDecimal.valueOf(Integer.MIN_VALUE)));
        assertEquals(255, encode(Map.of("k".repeat(255), true)).length - 4 - 2 - 1);
    }

    @Test
    void refusesTablesNestedTooDeep() throws Exception {
        Map<String, Object> t = decode(Nesting.tables(FieldTables.MAX_DEPTH));
        assertEquals(1, t.size());
        AmqpProtocolException e = assertThrows(AmqpProtocolException.class, () -> decode(Nesting.tables(FieldTables.MAX_DEPTH + 1)));
        assertEquals("field table nested deeper than 32 levels", e.getMessage());
        assertEquals(1, decode(arrayTable(FieldTables.MAX_DEPTH)).size());
        e = assertThrows(AmqpProtocolException.class, () -> decode(arrayTable(FieldTables.MAX_DEPTH + 1)));
        assertEquals("field array nested deeper than 32 levels", e.getMessage());
        Map<String, Object> deep = Map.of();
        for (int i = 0; i <= FieldTables.MAX_DEPTH + 1; i++) {
            deep = Map.of("n", deep);
        }
        Map<String, Object> tooDeep = deep;
        assertThrows(IllegalArgumentException.class, () -> encode(tooDeep));
        List<Object> deepList = List.of();
        for (int i = 0; i <= FieldTables.MAX_DEPTH + 1; i++) {
            deepList = List.of(deepList);
        }
        Map<String, Object> tooDeepList = Map.of("l", deepList);
        assertThrows(IllegalArgumentException.class, () -> encode(tooDeepList));
    }

    @Test
    void refusesValuesWithoutAFieldType() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> encode(Map.of("k", new Object() {
            @Override
            public String toString() {
                return "thing";
            }
        })));
        assertTrue(e.getMessage().contains("(thing)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> encode(Map.of("k", new BigDecimal("1e3"))));
        assertThrows(IllegalArgumentException.class, () -> encode(Map.of("k", new BigDecimal("1e-256"))));
        assertThrows(IllegalArgumentException.class, () -> encode(Map.of("k", new BigDecimal("3000000000"))));
        assertEquals("4400" + "7fffffff", one(new BigDecimal(Integer.MAX_VALUE)));
        assertThrows(IllegalArgumentException.class, () -> encode(Map.of("k".repeat(256), 1)));
    }

    @Test
    void unsignedValuesCheckTheirRange() {
        assertThrows(IllegalArgumentException.class, () -> new FieldValue.UnsignedByte(256));
        assertThrows(IllegalArgumentException.class, () -> new FieldValue.UnsignedByte(-1));
        assertThrows(IllegalArgumentException.class, () -> new FieldValue.UnsignedShort(65536));
        assertThrows(IllegalArgumentException.class, () -> new FieldValue.UnsignedShort(-1));
        assertThrows(IllegalArgumentException.class, () -> new FieldValue.UnsignedInt(1L << 32));
        assertThrows(IllegalArgumentException.class, () -> new FieldValue.UnsignedInt(-1));
        assertEquals(255, new FieldValue.UnsignedByte(255).value());
        assertEquals(0, new FieldValue.UnsignedByte(0).value());
        assertEquals(65535, new FieldValue.UnsignedShort(65535).value());
        assertEquals(0, new FieldValue.UnsignedShort(0).value());
        assertEquals(0xFFFF_FFFFL, new FieldValue.UnsignedInt(0xFFFF_FFFFL).value());
        assertEquals(0, new FieldValue.UnsignedInt(0).value());
        assertNull(null);
    }
}
