package io.shrapnel.codecs.mysql.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.codecs.mysql.MySqlException;
import io.shrapnel.codecs.mysql.MySqlProtocolException;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PacketCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    private static String lenenc(long v) {
        return HEX.formatHex(new PacketWriter().lenencInt(v).toBytes());
    }

    @Test
    void lengthEncodedIntegersAtEveryBoundary() throws Exception {
        assertEquals("00", lenenc(0));
        assertEquals("fa", lenenc(250));
        assertEquals("fcfb00", lenenc(251));
        assertEquals("fcffff", lenenc(65535));
        assertEquals("fd000001", lenenc(65536));
        assertEquals("fdffffff", lenenc(0xFFFFFF));
        assertEquals("fe0000000100000000", lenenc(0x1000000));
        assertEquals("feffffffffffffffff", lenenc(-1));
        for (long v : new long[] {0, 250, 251, 65535, 65536, 0xFFFFFF, 0x1000000, Long.MAX_VALUE}) {
            assertEquals(v, new PacketReader(new PacketWriter().lenencInt(v).toBytes()).lenencInt());
        }
        assertEquals(-1, new PacketReader(new byte[] {(byte) 0xFB}).lenencInt(), "NULL marker");
        MySqlProtocolException e = assertThrows(MySqlProtocolException.class,
                () -> new PacketReader(new byte[] {(byte) 0xFF}).lenencInt());
        assertTrue(e.getMessage().contains("0xFF"));
    }

    @Test
    void fixedIntegersAreLittleEndian() throws Exception {
        byte[] b = new PacketWriter().int1(0x81).int2(0x8382).int3(0x868584).int4(0x8A898887L).int8(0x9291908F8E8D8C8BL).toBytes();
        assertEquals("8182838485868788898a8b8c8d8e8f909192", HEX.formatHex(b));
        PacketReader r = new PacketReader(b);
        assertEquals(0x81, r.int1());
        assertEquals(0x8382, r.int2());
        assertEquals(0x868584, r.int3());
        assertEquals(0x8A898887L, r.int4());
        assertEquals(0x9291908F8E8D8C8BL, r.int8());
        assertEquals(0, r.remaining());
    }

    @Test
    void stringsAndTheirTruncation() throws Exception {
        byte[] b = new PacketWriter().nulString("ab").lenencBytes("xyz".getBytes(StandardCharsets.UTF_8)).int1(0xFB).toBytes();
        assertEquals("6162000378797afb", HEX.formatHex(b));
        PacketReader r = new PacketReader(b);
        assertEquals("ab", r.nulString());
        assertEquals("xyz", r.lenencString());
        assertNull(r.lenencBytes());
        MySqlProtocolException noNul = assertThrows(MySqlProtocolException.class, () -> new PacketReader(new byte[] {'a'}).nulString());
        assertTrue(noNul.getMessage().contains("has no NUL"));
        MySqlProtocolException cut = assertThrows(MySqlProtocolException.class,
                () -> new PacketReader(new byte[] {5, 'a', 'b'}).lenencString());
        assertEquals("truncated packet: a length-encoded value of 5 byte(s) at offset 1, 2 left", cut.getMessage());
        MySqlProtocolException huge = assertThrows(MySqlProtocolException.class,
                () -> new PacketReader(HEX.parseHex("feffffffffffffffff")).lenencBytes());
        assertTrue(huge.getMessage().contains("18446744073709551615"), huge.getMessage());
        assertThrows(MySqlProtocolException.class, () -> new PacketReader(new byte[3]).int4());
    }

    @Test
    void errPacketCarriesCodeStateAndMessage() throws Exception {
        byte[] p = new PacketWriter().int1(0xFF).int2(1064).bytes("#42000oops".getBytes(StandardCharsets.US_ASCII)).toBytes();
        MySqlException e = Packets.err(p);
        assertEquals(1064, e.errorCode());
        assertEquals("42000", e.sqlState());
        assertEquals("MySQL error 1064 (42000): oops", e.getMessage());
        MySqlException old = Packets.err(new PacketWriter().int1(0xFF).int2(1040).bytes("busy".getBytes(StandardCharsets.US_ASCII)).toBytes());
        assertEquals("HY000", old.sqlState());
    }

    @Test
    void okPacketFields() throws Exception {
        Packets.Ok ok = Packets.ok(HEX.parseHex("00fc0001fd0000010a0003006869"));
        assertEquals(256, ok.affectedRows());
        assertEquals(65536, ok.lastInsertId());
        assertEquals(10, ok.status());
        assertTrue(ok.moreResults());
        assertEquals(3, ok.warnings());
        assertEquals("hi", ok.info());
        Packets.Ok eof = Packets.end(HEX.parseHex("fe01000800"), false);
        assertEquals(1, eof.warnings());
        assertTrue(eof.moreResults());
    }

    @Test
    void packetsAreFramedWithLengthAndSequence() throws Exception {
        MemoryConn conn = MemoryConn.of();
        PacketChannel ch = new PacketChannel(conn, 1 << 20);
        ch.write(new byte[] {3, 'x'});
        ch.write(new byte[0]);
        assertEquals("0200000003780000000" + "1", HEX.formatHex(conn.written.toByteArray()));
        assertEquals(2, ch.sequence());
        ch.resetSequence();
        assertEquals(0, ch.sequence());
    }

    @Test
    void pipelinedCommandsAreFramedEachFromSequenceZero() throws Exception {
        MemoryConn conn = MemoryConn.of();
        PacketChannel ch = new PacketChannel(conn, 1 << 20);
        ch.writeCommands(java.util.List.of(new byte[] {1}, new byte[] {2, 3}));
        assertEquals("0100000001" + "020000000203", HEX.formatHex(conn.written.toByteArray()));
        assertEquals(1, ch.sequence(), "each answer starts at 1");
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> ch.writeCommands(java.util.List.of(new byte[PacketChannel.MAX_FRAGMENT])));
        assertTrue(big.getMessage().contains("send it alone"));
        ch.expectSequence(257);
        assertEquals(1, ch.sequence());
    }

    @Test
    void readJoinsFragmentsAndChecksSequence() throws Exception {
        PacketChannel ch = new PacketChannel(MemoryConn.of(HEX.parseHex("0300"), HEX.parseHex("0000616263"),
                HEX.parseHex("01000001ff")), 1 << 20);
        assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), ch.read());
        assertArrayEquals(new byte[] {(byte) 0xFF}, ch.read());
        EOFException end = assertThrows(EOFException.class, ch::read);
        assertEquals("the server closed the connection", end.getMessage());
    }

    @Test
    void anEofInsideAPacketSaysHowMuchIsMissing() {
        PacketChannel ch = new PacketChannel(MemoryConn.of(HEX.parseHex("0500000061")), 1 << 20);
        EOFException e = assertThrows(EOFException.class, ch::read);
        assertEquals("the server closed the connection in the middle of a packet (4 byte(s) missing)", e.getMessage());
        PacketChannel halfHeader = new PacketChannel(MemoryConn.of(HEX.parseHex("0500")), 1 << 20);
        EOFException h = assertThrows(EOFException.class, halfHeader::read);
        assertEquals("the server closed the connection in the middle of a packet (2 byte(s) missing)", h.getMessage());
    }

    @Test
    void handshakeV10Decodes() throws Exception {
        byte[] p = HEX.parseHex("0a" + HEX.formatHex("10.11.6-MariaDB\0".getBytes(StandardCharsets.US_ASCII))
                + "2a000000" + "3132333435363738" + "00" + "fff7" + "2d" + "0200" + "ff81" + "15" + "00000000000000000000"
                + "393031323334353637383930" + "00" + HEX.formatHex("mysql_native_password\0".getBytes(StandardCharsets.US_ASCII)));
        Handshake hs = Handshake.decode(p);
        assertEquals("10.11.6-MariaDB", hs.serverVersion());
        assertEquals(42, hs.connectionId());
        assertEquals("12345678901234567890", new String(hs.nonce(), StandardCharsets.US_ASCII));
        assertEquals(0x81FFF7FFL, hs.capabilities());
        assertEquals(45, hs.collation());
        assertEquals(2, hs.status());
        assertEquals("mysql_native_password", hs.authPlugin());
        assertEquals(hs, Handshake.decode(p));
        MySqlProtocolException v9 = assertThrows(MySqlProtocolException.class, () -> Handshake.decode(new byte[] {9}));
        assertTrue(v9.getMessage().contains("version 9"));
    }

    @Test
    void needSaysWhatWasCut() throws Exception {
        MySqlProtocolException e = assertThrows(MySqlProtocolException.class, () -> new PacketReader(new byte[3]).int4());
        assertEquals("truncated packet: int<4> needs 4 byte(s) at offset 0, 3 left", e.getMessage());
        PacketReader r = new PacketReader(new byte[] {1, 2, 3, (byte) 0xFF});
        r.skip(3);
        MySqlProtocolException ff = assertThrows(MySqlProtocolException.class, r::lenencInt);
        assertEquals("0xFF is not a length-encoded integer (offset 3)", ff.getMessage());
        assertThrows(MySqlProtocolException.class, () -> new PacketReader(new byte[3]).bytes(5));
        assertThrows(MySqlProtocolException.class, () -> new PacketReader(new byte[3]).skip(4));
        assertThrows(MySqlProtocolException.class, () -> new PacketReader(new byte[0]).peek());
        assertThrows(MySqlProtocolException.class, () -> new PacketReader(new byte[1]).int2());
        assertThrows(MySqlProtocolException.class, () -> new PacketReader(new byte[2]).int3());
        assertThrows(MySqlProtocolException.class, () -> new PacketReader(new byte[7]).int8());
        assertThrows(MySqlProtocolException.class, () -> new PacketReader(new byte[] {(byte) 0xFC, 1}).lenencInt());
    }

    @Test
    void emptyValuesAreNotNull() throws Exception {
        PacketReader r = new PacketReader(new byte[] {0, 0, (byte) 0xFB, 0, 2, 'h', 'i', 'x'});
        assertEquals(0, r.lenencBytes().length);
        assertEquals("", r.lenencString());
        r.skipLenenc(); // NULL
        r.skipLenenc(); // empty
        assertEquals(4, r.position());
        r.skipLenenc(); // "hi"
        assertEquals(7, r.position());
        assertEquals(1, r.remaining());
        assertEquals("x", r.restString());
        assertEquals(0, r.rest().length);
        PacketReader offset = new PacketReader(new byte[] {9, 9, 'a', 'b', 9}, 2, 2);
        assertEquals("ab", new String(offset.rest(), StandardCharsets.US_ASCII));
    }

    @Test
    void writerGrowsFromTheSmallestBuffer() {
        PacketWriter w = new PacketWriter(1);
        for (int i = 0; i < 20; i++) {
            w.int1(1).int2(2).int3(3).int4(4).int8(8).bytes(new byte[] {5, 6}).zeros(3).nulString("n").lenencBytes(new byte[] {7});
        }
        byte[] one = new PacketWriter().int1(1).int2(2).int3(3).int4(4).int8(8).bytes(new byte[] {5, 6}).zeros(3)
                .nulString("n").lenencBytes(new byte[] {7}).toBytes();
        assertEquals(20 * one.length, w.length());
        byte[] all = w.toBytes();
        for (int i = 0; i < 20; i++) {
            assertArrayEquals(one, java.util.Arrays.copyOfRange(all, i * one.length, (i + 1) * one.length));
        }
        assertEquals("0102000300000400000008000000000000000506000000" + "6e00" + "0107", HEX.formatHex(one));
    }

    @Test
    void genericPacketsAtTheirEdges() throws Exception {
        assertFalse(Packets.isErr(new byte[0]));
        assertFalse(Packets.isEnd(new byte[0]));
        assertTrue(Packets.isErr(new byte[] {(byte) 0xFF}));
        assertFalse(Packets.isErr(new byte[] {(byte) 0xFE}));
        assertTrue(Packets.isEnd(new byte[] {(byte) 0xFE}));
        byte[] fullRow = new byte[PacketChannel.MAX_FRAGMENT];
        fullRow[0] = (byte) 0xFE;
        assertFalse(Packets.isEnd(fullRow), "a 16 MB row starting with 0xFE is a row");
        byte[] almost = new byte[PacketChannel.MAX_FRAGMENT - 1];
        almost[0] = (byte) 0xFE;
        assertTrue(Packets.isEnd(almost));
        Packets.Ok statusOnly = Packets.ok(HEX.parseHex("0000000200"));
        assertEquals(2, statusOnly.status());
        assertEquals(0, statusOnly.warnings());
        assertFalse(statusOnly.moreResults());
        Packets.Ok noWarnings = Packets.ok(HEX.parseHex("00000002000100"));
        assertEquals(1, noWarnings.warnings());
        assertEquals("", noWarnings.info());
        Packets.Ok bare = Packets.ok(HEX.parseHex("000000"));
        assertEquals(0, bare.status());
        assertEquals(3, Packets.end(HEX.parseHex("fe0300"), false).warnings());
        assertEquals(0, Packets.end(HEX.parseHex("fe0300"), false).status());
        assertEquals(0, Packets.end(HEX.parseHex("fe"), false).warnings());
        assertEquals(7, Packets.end(HEX.parseHex("fe00000700"), true).lastInsertId() + 7);
        assertEquals("HY000", Packets.err(HEX.parseHex("ff1000")).sqlState());
    }

    @Test
    void smallPacketsGoInOneSendLargeOnesWithoutACopy() throws Exception {
        MemoryConn conn = MemoryConn.of();
        PacketChannel ch = new PacketChannel(conn, 1 << 20);
        ch.write(new byte[(1 << 16) - 1]);
        assertEquals(1, conn.sends);
        ch.write(new byte[1 << 16]);
        assertEquals(3, conn.sends, "header, then the payload as it is");
        assertEquals(4 + (1 << 16) - 1 + 4 + (1 << 16), conn.written.size());
    }

    @Test
    void payloadsOverAFragmentAreSplitAndJoinedWhateverTheChunking() throws Exception {
        byte[] payload = new byte[PacketChannel.MAX_FRAGMENT + 100];
        new java.util.Random(3).nextBytes(payload);
        MemoryConn out = MemoryConn.of();
        new PacketChannel(out, 64 << 20).write(payload);
        byte[] wire = out.written.toByteArray();
        assertEquals(payload.length + 8, wire.length);
        assertEquals("ffffff00", HEX.formatHex(wire, 0, 4));
        assertEquals("64000001", HEX.formatHex(wire, 4 + PacketChannel.MAX_FRAGMENT, 8 + PacketChannel.MAX_FRAGMENT));
        java.util.List<byte[]> chunks = new java.util.ArrayList<>();
        for (int at = 0; at < wire.length; at += 1_000_003) {
            chunks.add(java.util.Arrays.copyOfRange(wire, at, Math.min(wire.length, at + 1_000_003)));
        }
        PacketChannel in = new PacketChannel(new MemoryConn(chunks), 64 << 20);
        assertArrayEquals(payload, in.read());
        assertEquals(2, in.sequence());
        PacketChannel limited = new PacketChannel(MemoryConn.of(wire), PacketChannel.MAX_FRAGMENT + 99);
        MySqlProtocolException over = assertThrows(MySqlProtocolException.class, limited::read);
        assertTrue(over.getMessage().contains("packet of 16777315 bytes is over the limit of 16777314"), over.getMessage());
    }

    @Test
    void aPayloadOfExactlyTheLimitIsAccepted() throws Exception {
        PacketChannel ch = new PacketChannel(MemoryConn.of(HEX.parseHex("0400000061626364")), 4);
        assertArrayEquals("abcd".getBytes(StandardCharsets.US_ASCII), ch.read());
        PacketChannel small = new PacketChannel(MemoryConn.of(HEX.parseHex("0500000061626364")), 4);
        assertThrows(MySqlProtocolException.class, small::read);
    }

    @Test
    void replacingTheConnectionNeedsAnEmptyBuffer() throws Exception {
        MemoryConn first = MemoryConn.of(HEX.parseHex("0100000041" + "01000001ff"));
        PacketChannel ch = new PacketChannel(first, 1024);
        ch.read();
        MySqlProtocolException e = assertThrows(MySqlProtocolException.class, () -> ch.replace(MemoryConn.of()));
        assertEquals("the server sent 5 byte(s) before the TLS handshake", e.getMessage());
        ch.read();
        MemoryConn second = MemoryConn.of();
        ch.replace(second);
        assertSame(second, ch.conn());
        ch.close();
        assertTrue(second.closed);
    }

    @Test
    void handshakeWithoutSecureConnectionOrPluginAuth() throws Exception {
        byte[] p = HEX.parseHex("0a" + "3400" + "01000000" + "3132333435363738" + "00" + "0002" + "08" + "0200" + "0000"
                + "00" + "00000000000000000000");
        Handshake hs = Handshake.decode(p);
        assertEquals("12345678", new String(hs.nonce(), StandardCharsets.US_ASCII));
        assertEquals("mysql_native_password", hs.authPlugin());
        assertEquals(0x200, hs.capabilities());
        assertEquals("Handshake[4, connection 1, plugin mysql_native_password]", hs.toString());
        Handshake other = new Handshake("4", 2, hs.nonce(), 0x200, 8, 2, "mysql_native_password");
        assertFalse(hs.equals(other));
        assertFalse(hs.equals("x"));
        assertEquals(hs.hashCode(), Handshake.decode(p).hashCode());
        assertFalse(hs.hashCode() == other.hashCode());
        MySqlProtocolException old = assertThrows(MySqlProtocolException.class,
                () -> Handshake.decode(HEX.parseHex("0a3400010000003132333435363738000002")));
        assertTrue(old.getMessage().contains("older than 4.1"));
        byte[] noNul = HEX.parseHex("0a" + "3400" + "01000000" + "3132333435363738" + "00" + "0082" + "08" + "0200" + "0800"
                + "15" + "00000000000000000000" + "393031323334353637383930" + "00" + HEX.formatHex("plug".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("plug", Handshake.decode(noNul).authPlugin());
    }

    @Test
    void credentialsNeverPrintThePassword() {
        assertEquals("Credentials[u, database d]", new Credentials("u", "secret", "d", false).toString());
    }
}
