package io.shrapnel.codecs.mysql.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
}
