package io.shrapnel.codecs.amqp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.codecs.amqp.AmqpProtocolException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MethodTest {
    private static String hex(Method m) {
        WireWriter w = new WireWriter(1);
        m.encode(w);
        return Hex.of(w.toByteArray());
    }

    private static Method decode(String hex) throws AmqpProtocolException {
        return Method.decode(new WireReader(Hex.bytes(hex)));
    }

    @Test
    void queueDeclarePacksItsBitsIntoOneOctet() throws Exception {
        Method m = Method.of(MethodSpec.QUEUE_DECLARE, 0, "q", false, true, false, true, false, Map.of());
        assertEquals("0032000a" + "0000" + "0171" + "0a" + "00000000", hex(m));
        assertEquals(m, decode(hex(m)));
    }

    @Test
    void bitsRunBetweenOtherArguments() throws Exception {
        Method nack = Method.of(MethodSpec.BASIC_NACK, 258L, true, true);
        assertEquals("003c0078" + "0000000000000102" + "03", hex(nack));
        Method consume = Method.of(MethodSpec.BASIC_CONSUME, 0, "q", "t", true, false, true, false, Map.of("a", 1));
        assertEquals("003c0014" + "0000" + "0171" + "0174" + "05" + "00000007" + "0161" + "4900000001", hex(consume));
        assertEquals(consume, decode(hex(consume)));
        Method get = Method.of(MethodSpec.BASIC_GET_OK, 5L, true, "x", "rk", 7L);
        assertEquals("003c0047" + "0000000000000005" + "01" + "0178" + "02726b" + "00000007", hex(get));
        assertEquals(get, decode(hex(get)));
    }

    @Test
    void connectionMethodsCarryStringsAndTables() throws Exception {
        Method start = Method.of(MethodSpec.CONNECTION_START, 0, 9, Map.of("p", "R"), "PLAIN".getBytes(), "en_US".getBytes());
        Method back = decode(hex(start));
        assertEquals(start, back);
        assertEquals(9, back.integer(1));
        assertEquals("R", back.table(2).get("p"));
        Method tune = Method.of(MethodSpec.CONNECTION_TUNE, 2047, 131072L, 60);
        assertEquals("000a001e" + "07ff" + "00020000" + "003c", hex(tune));
        Method close = decode("000a0032" + "0140" + "03" + "626164" + "0032" + "000a");
        assertEquals(320, close.integer(0));
        assertEquals("bad", close.str(1));
        assertEquals(50, close.integer(2));
        assertEquals(10, close.integer(3));
        assertEquals("CONNECTION_CLOSE[320, bad, 50, 10]", close.toString());
        Method ack = decode(hex(Method.of(MethodSpec.BASIC_ACK, 1L << 40, true)));
        assertEquals(1L << 40, ack.longValue(0));
        assertTrue(ack.bit(1));
        assertFalse(decode(hex(Method.of(MethodSpec.BASIC_ACK, 2L, false))).bit(1));
        assertEquals("en_US", new String(back.bytes(4)));
    }

    @Test
    void everyMethodSurvivesARoundTrip() throws Exception {
        for (MethodSpec spec : MethodSpec.values()) {
            Object[] args = new Object[spec.args.length()];
            for (int i = 0; i < args.length; i++) {
                args[i] = switch (spec.args.charAt(i)) {
                    case 'o' -> 200;
                    case 's' -> 60000;
                    case 'l' -> 4_000_000_000L;
                    case 'L' -> Long.MIN_VALUE + i;
                    case 'n' -> "n" + i;
                    case 'S' -> new byte[] {(byte) i};
                    case 'b' -> i % 2 == 0;
                    default -> Map.of("k", i);
                };
            }
            Method m = Method.of(spec, args);
            assertEquals(m, decode(hex(m)), spec.toString());
            assertEquals(m.hashCode(), decode(hex(m)).hashCode());
            assertSame(spec, MethodSpec.of(spec.classId(), spec.methodId()));
            assertEquals(spec == MethodSpec.BASIC_PUBLISH || spec == MethodSpec.BASIC_RETURN
                    || spec == MethodSpec.BASIC_DELIVER || spec == MethodSpec.BASIC_GET_OK, spec.hasContent());
        }
        assertNotEquals(Method.of(MethodSpec.TX_SELECT), Method.of(MethodSpec.TX_COMMIT));
        assertNotEquals(Method.of(MethodSpec.TX_SELECT).hashCode(), Method.of(MethodSpec.TX_COMMIT).hashCode());
        assertNotEquals(Method.of(MethodSpec.BASIC_ACK, 1L, true).hashCode(), Method.of(MethodSpec.BASIC_ACK, 2L, true).hashCode());
        assertEquals(MethodSpec.TX_SELECT.hashCode() * 31 + java.util.Arrays.deepHashCode(new Object[0]),
                Method.of(MethodSpec.TX_SELECT).hashCode());
        assertFalse(Method.of(MethodSpec.TX_SELECT).equals("TX_SELECT"));
    }

    @Test
    void unknownMethodsAre540() {
        AmqpProtocolException e = assertThrows(AmqpProtocolException.class, () -> decode("003c00ff"));
        assertEquals(540, e.replyCode());
        assertEquals("unknown method 60.255", e.getMessage());
        assertNull(MethodSpec.of(0, 0));
        assertNull(MethodSpec.of(10, 12));
    }

    @Test
    void truncatedArgumentsAre502() {
        AmqpProtocolException e = assertThrows(AmqpProtocolException.class, () -> decode("000a001e07ff0002"));
        assertEquals(502, e.replyCode());
        assertTrue(e.getMessage().startsWith("a long of 4 bytes at offset 6 runs past the end"), e.getMessage());
        assertThrows(AmqpProtocolException.class, () -> decode("0014000b0000ffff"));
        assertThrows(AmqpProtocolException.class, () -> decode("003c007800000000000000"));
        assertThrows(AmqpProtocolException.class, () -> decode("000a0032014005"));
    }

    @Test
    void wrongArgumentCountsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Method.of(MethodSpec.BASIC_ACK, 1L));
        assertEquals("BASIC_ACK takes 2 arguments, not 1", e.getMessage());
    }
}
