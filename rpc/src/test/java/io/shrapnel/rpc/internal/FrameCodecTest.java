package io.shrapnel.rpc.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.StringValue;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FrameCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    private FrameBuffer buf;
    private long liveBefore;

    @BeforeEach
    void allocate() {
        liveBefore = FrameBuffer.live();
        buf = new FrameBuffer(16);
    }

    @AfterEach
    void release() {
        buf.release();
        buf.release(); // idempotent
        assertEquals(liveBefore, FrameBuffer.live());
    }

    private static String hex(FrameBuffer b) {
        ByteBuffer p = b.pending();
        byte[] out = new byte[p.remaining()];
        p.get(out);
        return HEX.formatHex(out);
    }

    private void feed(String hex) {
        byte[] bytes = HEX.parseHex(hex);
        buf.room(bytes.length).put(bytes);
        buf.commit(bytes.length);
    }

    @Test
    void encodesHeaderAsVarintsThenThePayload() {
        FrameEncoder.write(buf, 300, FrameKind.MESSAGE, FrameKind.FLAG_END, StringValue.of("hi"));
        // length 8 = callId 300 (ac 02) + kind 02 + flags 01 + payload 0a 02 68 69
        assertEquals("08" + "ac02" + "02" + "01" + "0a026869", hex(buf));
    }

    @Test
    void encodesEmptyCreditAndPingPayloads() {
        FrameEncoder.write(buf, 1, FrameKind.HALF_CLOSE, 0, null);
        FrameEncoder.writeVarint(buf, 1, FrameKind.CREDIT, 200);
        FrameEncoder.writeLong(buf, 0, FrameKind.PING, 0x0102030405060708L);
        assertEquals("03010300" + "0501060" + "0c801" + "0b000700" + "0102030405060708", hex(buf));
    }

    @Test
    void decodesWhatItEncodesEvenOneByteAtATime() throws Exception {
        FrameBuffer out = new FrameBuffer(16);
        FrameEncoder.write(out, 7, FrameKind.MESSAGE, 0, StringValue.of("x".repeat(1000)));
        FrameEncoder.writeVarint(out, 7, FrameKind.CREDIT, 16);
        ByteBuffer all = out.pending();
        FrameDecoder d = new FrameDecoder(4096);
        Frame first = null;
        Frame second = null;
        while (all.hasRemaining()) {
            buf.room(1).put(all.get());
            buf.commit(1);
            Frame f = d.next(buf);
            if (f != null && first == null) {
                first = f;
                assertEquals("x".repeat(1000), StringValue.parseFrom(f.payload()).getValue());
            } else if (f != null) {
                second = f;
            }
            buf.compact();
        }
        out.release();
        assertEquals(7, first.callId());
        assertEquals(FrameKind.MESSAGE, first.kind());
        assertEquals(1003, first.payloadSize());
        assertEquals(16, FrameEncoder.readVarint(second.payload()));
        assertNull(d.next(buf));
        assertEquals(0, buf.pendingBytes());
    }

    @Test
    void oversizedPayloadIsSkippedAndReported() throws Exception {
        FrameDecoder d = new FrameDecoder(4);
        feed("0a" + "05" + "02" + "00" + "01020304050607"); // 7 payload bytes > 4
        Frame f = d.next(buf);
        assertTrue(f.oversized());
        assertEquals(5, f.callId());
        assertEquals(7, f.payloadSize());
        assertNull(f.payload());
        assertFalse(d.skipping());
        feed("0405020001");
        Frame next = d.next(buf);
        assertFalse(next.oversized(), "the frame after it decodes normally");
        assertEquals(1, next.payloadSize());
    }

    @Test
    void oversizedPayloadArrivingInPiecesIsDiscardedAsItComes() throws Exception {
        FrameDecoder d = new FrameDecoder(2);
        feed("0a05020001");
        assertTrue(d.next(buf).oversized());
        assertTrue(d.skipping());
        buf.compact();
        feed("020304");
        assertNull(d.next(buf));
        assertEquals(0, buf.pendingBytes(), "skipped bytes are not kept");
        feed("050607" + "03090300");
        Frame f = d.next(buf);
        assertEquals(9, f.callId());
        assertEquals(FrameKind.HALF_CLOSE, f.kind());
    }

    @Test
    void truncatedFramesWaitForMoreBytes() throws Exception {
        FrameDecoder d = new FrameDecoder(100);
        for (String partial : new String[] {"", "80", "08", "08ac", "08ac0202", "08ac0202010a02"}) {
            buf.compact();
            buf.consume((int) buf.pendingBytes());
            feed(partial);
            assertNull(d.next(buf), partial);
        }
    }

    @Test
    void hostileHeadersAreProtocolErrors() {
        String[] hostile = {
            "ffffffff7f", // length varint of 5 bytes, > 2^31 - 1 ... still 5 bytes: 2^35-1
            "ffffffffff01", // length varint longer than 5 bytes
            "0101", // header runs past the frame: call id only
            "020101", // kind but no flags within the frame
            "03010900", // unknown kind 9
            "03010000", // kind 0
            "0401028002", // flags 256
            "0c" + "ffffffffffffffffff01" + "0200", // call id above 2^63 - 1
            "0c" + "ffffffffffffffffffff", // call id varint that does not end
        };
        for (String h : hostile) {
            FrameBuffer b = new FrameBuffer(16);
            byte[] bytes = HEX.parseHex(h);
            b.room(bytes.length).put(bytes);
            b.commit(bytes.length);
            ProtocolError e = assertThrows(ProtocolError.class, () -> new FrameDecoder(100).next(b), h);
            assertFalse(e.getMessage().isEmpty());
            b.release();
        }
    }

    @Test
    void malformedSmallPayloadsAreProtocolErrors() throws Exception {
        assertThrows(ProtocolError.class, () -> FrameEncoder.readVarint(ByteBuffer.wrap(new byte[] {(byte) 0x80})));
        assertThrows(ProtocolError.class, () -> FrameEncoder.readVarint(ByteBuffer.wrap(new byte[] {1, 2})));
        assertThrows(ProtocolError.class, () -> FrameEncoder.readVarint(ByteBuffer.allocate(0)));
        assertThrows(ProtocolError.class, () -> FrameEncoder.readLong(ByteBuffer.allocate(7)));
        assertEquals(5, FrameEncoder.readLong(ByteBuffer.allocate(8).putLong(0, 5)));
    }

    @Test
    void limitsAreInclusive() throws Exception {
        FrameDecoder d = new FrameDecoder(3);
        feed("06" + "01" + "02" + "00" + "010203"); // payload of exactly the maximum
        Frame f = d.next(buf);
        assertFalse(f.oversized());
        assertEquals(3, f.payloadSize());
        feed("ffffffff07" + "05" + "02" + "00"); // length 2^31 - 1 is allowed (and oversized here)
        Frame huge = d.next(buf);
        assertTrue(huge.oversized());
        assertEquals(5, huge.callId());
        assertEquals(Integer.MAX_VALUE - 3, huge.payloadSize());
    }

    @Test
    void varintsEndWhereProtobufSaysTheyDo() throws Exception {
        // a 10-byte call id whose last byte is 0 is long but legal
        feed("0c" + "80808080808080808000" + "02" + "00");
        Frame f = new FrameDecoder(10).next(buf);
        assertEquals(0, f.callId());
        assertEquals(FrameKind.MESSAGE, f.kind());
        // flags of 6 bytes (at most 5 allowed)
        FrameBuffer b = new FrameBuffer(16);
        byte[] bytes = HEX.parseHex("08" + "01" + "02" + "808080808000");
        b.room(bytes.length).put(bytes);
        b.commit(bytes.length);
        assertThrows(ProtocolError.class, () -> new FrameDecoder(10).next(b));
        b.release();
        assertEquals(128, FrameEncoder.readVarint(ByteBuffer.wrap(HEX.parseHex("8001"))));
        assertEquals(0, FrameEncoder.readVarint(ByteBuffer.wrap(HEX.parseHex("80808080808080808000"))));
        assertThrows(ProtocolError.class,
                () -> FrameEncoder.readVarint(ByteBuffer.wrap(HEX.parseHex("8080808080808080808000"))));
        assertThrows(ProtocolError.class,
                () -> FrameEncoder.readVarint(ByteBuffer.wrap(HEX.parseHex("ffffffffffffffffff01"))));
    }

    @Test
    void endFlagAndLiveBuffers() {
        assertFalse(new Frame(1, FrameKind.MESSAGE, 0, null, 0, false).isEnd());
        assertFalse(new Frame(1, FrameKind.MESSAGE, 2, null, 0, false).isEnd());
        assertTrue(new Frame(1, FrameKind.MESSAGE, 3, null, 0, false).isEnd());
        long before = FrameBuffer.live();
        FrameBuffer b = new FrameBuffer(16);
        assertEquals(before + 1, FrameBuffer.live());
        b.release();
        assertEquals(before, FrameBuffer.live());
        assertEquals(0, b.bytes().refCount(), "the off-heap memory is freed");
    }

    @Test
    void bufferGrowsAndCompacts() {
        ByteBuffer room = buf.room(100_000);
        assertTrue(room.remaining() >= 100_000);
        buf.commit(10);
        buf.consume(4);
        buf.compact();
        assertEquals(6, buf.pendingBytes());
        assertEquals(0, buf.bytes().readPosition());
        buf.consume(6);
        buf.compact();
        assertEquals(0, buf.bytes().writePosition());
    }

    @Test
    void varintSizes() {
        assertEquals(1, Varint.size(0));
        assertEquals(1, Varint.size(127));
        assertEquals(2, Varint.size(128));
        assertEquals(5, Varint.size(Integer.MAX_VALUE));
        assertEquals(9, Varint.size(Long.MAX_VALUE));
        assertArrayEquals(new byte[0], new byte[0]);
    }

    @Test
    void frameNamesAndToString() {
        assertEquals("CANCEL", FrameKind.name(FrameKind.CANCEL));
        assertEquals("kind 42", FrameKind.name(42));
        assertEquals("PONG(call 0, flags 0, 8 B)", new Frame(0, FrameKind.PONG, 0, null, 8, false).toString());
        assertTrue(new Frame(0, FrameKind.OPEN, 1, null, 8, true).isEnd());
    }

    @Test
    void creditCarriesMessagesAndBytes() throws Exception {
        FrameBuffer out = new FrameBuffer(64);
        try {
            FrameEncoder.writeCredit(out, 9, 16, 1 << 20);
            Frame f = new FrameDecoder(1 << 20).next(out);
            assertEquals(9, f.callId());
            assertEquals(FrameKind.CREDIT, f.kind());
            assertArrayEquals(new long[] {16, 1 << 20}, FrameEncoder.readCredit(f.payload()));
        } finally {
            out.release();
        }
        assertArrayEquals(new long[] {0, 300}, FrameEncoder.readCredit(ByteBuffer.wrap(HEX.parseHex("00ac02"))));
        assertThrows(ProtocolError.class, () -> FrameEncoder.readCredit(ByteBuffer.wrap(HEX.parseHex("10"))));
        assertThrows(ProtocolError.class, () -> FrameEncoder.readCredit(ByteBuffer.wrap(HEX.parseHex("101000"))));
        assertThrows(ProtocolError.class, () -> FrameEncoder.readCredit(ByteBuffer.wrap(HEX.parseHex("1080"))));
    }
}
