package io.shrapnel.codecs.amqp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shrapnel.codecs.amqp.AmqpProtocolException;
import io.shrapnel.codecs.amqp.Properties;
import io.shrapnel.net.EofError;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrameReaderTest {
    private static FrameReader reader(String hex, int chunk, int frameMax) {
        return new FrameReader(new BytesConn(Hex.bytes(hex), chunk), frameMax);
    }

    @Test
    void readsFramesWhateverTheReadSizes() throws Exception {
        String two = "01 0001 00000004 000a000b ce" + "08 0000 00000000 ce";
        for (int chunk : new int[] {1, 3, 7, 100}) {
            FrameReader r = reader(two, chunk, 4096);
            Frame f = r.next();
            assertEquals(Frame.METHOD, f.type());
            assertEquals(1, f.channel());
            assertEquals("000a000b", Hex.of(f.payload()));
            Frame hb = r.next();
            assertEquals(Frame.HEARTBEAT, hb.type());
            assertEquals(0, hb.payload().length);
            assertThrows(EofError.class, r::next);
        }
    }

    @Test
    void aFrameThatEndsTheStreamExactlyIsWhole() throws Exception {
        for (int chunk : new int[] {1, 2, 12}) {
            FrameReader r = reader("01 0001 00000004 000a000b ce", chunk, 4096);
            assertEquals("000a000b", Hex.of(r.next().payload()));
            assertThrows(EofError.class, r::next);
        }
    }

    @Test
    void writerPrimitivesChainAndPatch() {
        WireWriter w = new WireWriter(1);
        w.longLong(0x0102030405060708L).longStr(new byte[] {9}).octet(10);
        w.patchLongInt(0, 0xA1B2C3D4L);
        assertEquals("a1b2c3d4" + "05060708" + "00000001" + "09" + "0a", Hex.of(w.toByteArray()));
        assertThrows(IllegalArgumentException.class, () -> w.shortStr("x".repeat(256)));
    }

    @Test
    void refusesAWrongEndOctet() {
        AmqpProtocolException e = assertThrows(AmqpProtocolException.class,
                () -> reader("01 0002 00000001 00 cd", 100, 4096).next());
        assertEquals(501, e.replyCode());
        assertEquals("frame on channel 2 ends in 0xcd, not 0xce", e.getMessage());
    }

    @Test
    void refusesSizesPastFrameMaxBeforeReadingThem() throws Exception {
        assertEquals(4088, reader("03 0001 00000ff8" + "00".repeat(4088) + "ce", 4096, 4096).next().payload().length);
        AmqpProtocolException e = assertThrows(AmqpProtocolException.class,
                () -> reader("03 0001 00000ff9", 100, 4096).next());
        assertEquals(501, e.replyCode());
        assertEquals("frame of 4089 bytes on channel 1 is larger than the frame max of 4096 (payload up to 4088)",
                e.getMessage());
        assertThrows(AmqpProtocolException.class, () -> reader("03 0001 ffffffff", 100, 4096).next());
        FrameReader r = reader("03 0001 00001000", 100, 1 << 20);
        r.frameMax(4096);
        assertThrows(AmqpProtocolException.class, r::next);
    }

    @Test
    void refusesUnknownFrameTypes() {
        AmqpProtocolException e = assertThrows(AmqpProtocolException.class,
                () -> reader("04 0000 00000000 ce", 100, 4096).next());
        assertEquals("unknown frame type 4 on channel 0", e.getMessage());
        assertThrows(AmqpProtocolException.class, () -> reader("00 0000 00000000 ce", 100, 4096).next());
        assertThrows(AmqpProtocolException.class, () -> reader("09 0000 00000000 ce", 100, 4096).next());
    }

    @Test
    void truncatedFramesAreEndOfStream() {
        assertThrows(EofError.class, () -> reader("01 0001 00000004 000a", 2, 4096).next());
        assertThrows(EofError.class, () -> reader("01 0001 00000004 000a000b", 2, 4096).next());
        assertThrows(EofError.class, () -> reader("01 00", 2, 4096).next());
    }

    @Test
    void contentIsSplitAtFrameMax() throws Exception {
        byte[] body = new byte[10_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        byte[] wire = FrameWriter.content(3, Method.of(MethodSpec.BASIC_PUBLISH, 0, "x", "k", true, false),
                Properties.builder().type("t").build(), body, 4096);
        FrameReader r = new FrameReader(new BytesConn(wire, 1000), 4096);
        assertEquals(Method.of(MethodSpec.BASIC_PUBLISH, 0, "x", "k", true, false),
                Method.decode(new WireReader(r.next().payload())));
        Frame h = r.next();
        assertEquals(Frame.HEADER, h.type());
        ContentHeader ch = ContentHeader.decode(new WireReader(h.payload()));
        assertEquals(10_000, ch.bodySize());
        assertEquals(60, ch.classId());
        assertEquals("t", ch.properties().type());
        int[] sizes = {4088, 4088, 1824};
        byte[] got = new byte[0];
        for (int size : sizes) {
            Frame b = r.next();
            assertEquals(Frame.BODY, b.type());
            assertEquals(3, b.channel());
            assertEquals(size, b.payload().length);
            got = concat(got, b.payload());
        }
        assertArrayEquals(body, got);
        assertThrows(EofError.class, r::next);
        assertEquals("08" + "0000" + "00000000" + "ce", Hex.of(FrameWriter.heartbeat()));
        byte[] exact = FrameWriter.content(1, Method.of(MethodSpec.BASIC_PUBLISH, 0, "", "", false, false),
                Properties.EMPTY, new byte[4088 * 2], 4096);
        FrameReader two = new FrameReader(new BytesConn(exact, 5000), 4096);
        two.next();
        two.next();
        assertEquals(4088, two.next().payload().length);
        assertEquals(4088, two.next().payload().length);
        assertThrows(EofError.class, two::next); // no empty body frame after an exact multiple
        byte[] none = FrameWriter.content(1, Method.of(MethodSpec.BASIC_PUBLISH, 0, "", "", false, false),
                Properties.EMPTY, new byte[0], 4096);
        FrameReader empty = new FrameReader(new BytesConn(none, 5000), 4096);
        empty.next();
        empty.next();
        assertThrows(EofError.class, empty::next);
        assertEquals("01" + "0001" + "00000008" + "0014000b" + "00000000" + "ce",
                Hex.of(FrameWriter.method(1, Method.of(MethodSpec.CHANNEL_OPEN_OK, new byte[0]))));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void contentHeadersCarryOnlyThePresentProperties() throws Exception {
        WireWriter w = new WireWriter(1);
        ContentHeader.encode(w, 5, Properties.builder().contentType("a").deliveryMode(2)
                .timestamp(Instant.ofEpochSecond(1)).clusterId("c").build());
        assertEquals("003c" + "0000" + "0000000000000005" + "9044" + "0161" + "02" + "0000000000000001" + "0163",
                Hex.of(w.toByteArray()));
        WireWriter empty = new WireWriter(1);
        ContentHeader.encode(empty, 0, Properties.EMPTY);
        assertEquals("003c00000000000000000000" + "0000", Hex.of(empty.toByteArray()));
        Properties all = Properties.builder().contentType("a").contentEncoding("b").headers(Map.of("h", 1))
                .deliveryMode(1).priority(9).correlationId("c").replyTo("r").expiration("1").messageId("m")
                .timestamp(Instant.ofEpochSecond(2)).type("t").userId("u").appId("p").clusterId("x").build();
        WireWriter aw = new WireWriter(1);
        ContentHeader.encode(aw, 7, all);
        ContentHeader back = ContentHeader.decode(new WireReader(aw.toByteArray()));
        assertEquals(all, back.properties());
        assertEquals(all, all.toBuilder().build());
        AmqpProtocolException e = assertThrows(AmqpProtocolException.class,
                () -> ContentHeader.decode(new WireReader(Hex.bytes("003c00000000000000000000" + "0001"))));
        assertEquals(502, e.replyCode());
        e = assertThrows(AmqpProtocolException.class,
                () -> ContentHeader.decode(new WireReader(Hex.bytes("003c00000000000000000000" + "0002"))));
        assertEquals("content header with property flags 0x2: class 60 has 14 properties and no continuation", e.getMessage());
    }
}
