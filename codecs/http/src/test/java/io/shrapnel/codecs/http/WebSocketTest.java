package io.shrapnel.codecs.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.codecs.http.internal.HttpInput;
import io.shrapnel.codecs.http.internal.HttpOutput;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** RFC 6455 frames and messages: exact bytes (the RFC's own examples) and every rule a peer can break. */
@ExtendWith(CoroTestExtension.class)
class WebSocketTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] KEY = HEX.parseHex("37fa213d");

    private static byte[] hex(String s) {
        return HEX.parseHex(s.replace(" ", ""));
    }

    private static String frameHex(boolean fin, int opcode, byte[] payload, byte[] key) throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        HttpOutput out = new HttpOutput(sink::write, 1024);
        WsFrame.write(out, fin, opcode, payload, 0, payload.length, key);
        out.flush();
        return HEX.formatHex(sink.toByteArray());
    }

    @Test
    void writesTheExampleFramesOfTheRfc() throws Exception {
        assertEquals("810548656c6c6f", frameHex(true, WsFrame.TEXT, "Hello".getBytes(), null));
        assertEquals("818537fa213d7f9f4d5158", frameHex(true, WsFrame.TEXT, "Hello".getBytes(), KEY));
        assertEquals("010348656c", frameHex(false, WsFrame.TEXT, "Hel".getBytes(), null));
        assertEquals("80026c6f", frameHex(true, WsFrame.CONTINUATION, "lo".getBytes(), null));
        assertEquals("890548656c6c6f", frameHex(true, WsFrame.PING, "Hello".getBytes(), null));
        assertEquals("8a8537fa213d7f9f4d5158", frameHex(true, WsFrame.PONG, "Hello".getBytes(), KEY));
        assertTrue(frameHex(true, WsFrame.BINARY, new byte[256], null).startsWith("827e0100"));
        assertTrue(frameHex(true, WsFrame.BINARY, new byte[65536], null).startsWith("827f0000000000010000"));
    }

    @Test
    void readsMaskedFramesFromClientsAndUnmaskedFromServers() throws Exception {
        WsFrame f = WsFrame.read(MemoryTransport.input(hex("818537fa213d7f9f4d5158")), true, 1000);
        assertEquals("Hello", new String(f.payload()));
        assertTrue(f.fin());
        WsFrame g = WsFrame.read(MemoryTransport.input(hex("827e0100" + "00".repeat(256))), false, 1000);
        assertEquals(256, g.payload().length);
        WsFrame h = WsFrame.read(MemoryTransport.input(hex("827f0000000000000003 616263")), false, 1000);
        assertArrayEquals("abc".getBytes(), h.payload());
    }

    private static int violation(String wire, boolean fromClient, long max) {
        return assertThrows(WsFrame.Violation.class,
                () -> WsFrame.read(MemoryTransport.input(hex(wire)), fromClient, max)).closeCode;
    }

    @Test
    void refusesFramesThatBreakTheRules() {
        assertEquals(1002, violation("810548656c6c6f", true, 1000), "unmasked from a client");
        assertEquals(1002, violation("818537fa213d7f9f4d5158", false, 1000), "masked from a server");
        assertEquals(1002, violation("c10548656c6c6f", false, 1000), "RSV1 without an extension");
        assertEquals(1002, violation("830548656c6c6f", false, 1000), "reserved opcode 3");
        assertEquals(1002, violation("8b0548656c6c6f", false, 1000), "reserved opcode 0xB");
        assertEquals(1002, violation("090548656c6c6f", false, 1000), "a fragmented ping");
        assertEquals(1002, violation("897e007e" + "00".repeat(126), false, 1000), "a ping of 126 bytes");
        assertEquals(1002, violation("827f8000000000000001 00", false, 1000), "64-bit length with the top bit");
        assertEquals(1009, violation("827e0100", false, 100), "larger than the limit, refused before reading it");
    }

    @Test
    void truncatedFramesAreAnEndOfStream() {
        assertThrows(java.io.EOFException.class, () -> WsFrame.read(MemoryTransport.input(hex("81")), false, 100));
        assertThrows(java.io.EOFException.class, () -> WsFrame.read(MemoryTransport.input(hex("8105 4865")), false, 100));
        assertThrows(java.io.EOFException.class, () -> WsFrame.read(MemoryTransport.input(hex("8185 37fa")), true, 100));
    }

    @Test
    void computesTheAcceptKeyOfTheRfc() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocket.acceptKey("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    /** A server-side WebSocket reading {@code clientWire}; returns it and what it wrote. */
    private record Run(java.util.List<WsMessage> messages, WebSocket ws, MemoryTransport transport) {}

    private static Run serverReads(String clientWire, int maxMessage) throws Exception {
        MemoryTransport t = new MemoryTransport(hex(clientWire), 5);
        HttpInput in = new HttpInput(t, 1024);
        HttpOutput out = new HttpOutput(t, 1024);
        WebSocket ws = new WebSocket(in, out, t, false, maxMessage);
        java.util.List<WsMessage> got = new java.util.ArrayList<>();
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                WsMessage m;
                while ((m = ws.receive()) != null) {
                    got.add(m);
                }
            });
        }
        return new Run(got, ws, t);
    }

    private static String masked(int b0, byte[] payload) throws Exception {
        return frameHex((b0 & 0x80) != 0, b0 & 0x0f, payload, KEY);
    }

    @Test
    void joinsFragmentsAndAnswersPingsBetweenThem() throws Exception {
        String wire = masked(0x01, "Hel".getBytes()) + masked(0x89, "p".getBytes()) + masked(0x80, "lo".getBytes())
                + masked(0x82, new byte[] {1, 2}) + masked(0x88, hex("03e8"));
        Run r = serverReads(wire, 1000);
        assertEquals(2, r.messages().size());
        assertEquals(new WsMessage.Text("Hello"), r.messages().get(0));
        assertArrayEquals(new byte[] {1, 2}, ((WsMessage.Binary) r.messages().get(1)).data());
        // pong "p" then the close echoed with 1000, both unmasked
        assertEquals("8a0170" + "880203e8", HEX.formatHex(r.transport().written.toByteArray()));
        assertEquals(1000, r.ws().closeCode());
        assertTrue(r.transport().closed, "the server closes the TCP connection after the handshake");
    }

    private static void assertClosedWith(int code, String wire, int max) throws Exception {
        Run r = serverReads(wire, max);
        assertEquals(code, r.ws().closeCode());
        String out = HEX.formatHex(r.transport().written.toByteArray());
        assertTrue(out.startsWith("8802" + String.format("%04x", code)), out);
        assertTrue(r.transport().closed);
    }

    @Test
    void protocolViolationsCloseWithTheirCode() throws Exception {
        assertClosedWith(1002, masked(0x80, "x".getBytes()), 1000); // continuation of nothing
        assertClosedWith(1002, masked(0x01, "a".getBytes()) + masked(0x81, "b".getBytes()), 1000); // new message inside one
        assertClosedWith(1007, masked(0x81, hex("c328")), 1000); // invalid UTF-8
        assertClosedWith(1009, masked(0x01, new byte[60]) + masked(0x80, new byte[60]), 100); // fragments over the limit
        assertClosedWith(1002, masked(0x88, hex("03")), 1000); // one-byte close payload
        assertClosedWith(1002, masked(0x88, hex("03ed")), 1000); // close code 1005 may not be sent
        assertClosedWith(1007, masked(0x88, hex("03e8 c328")), 1000); // close reason not UTF-8
        assertClosedWith(1002, "810548656c6c6f", 1000); // unmasked client frame
    }

    @Test
    void anEmptyCloseIsAnsweredWithAnEmptyClose() throws Exception {
        Run r = serverReads(masked(0x88, new byte[0]), 1000);
        assertEquals(1005, r.ws().closeCode());
        assertEquals("8800", HEX.formatHex(r.transport().written.toByteArray()));
    }

    @Test
    void aConnectionThatEndsWithoutCloseIs1006() throws Exception {
        Run r = serverReads(masked(0x81, "hi".getBytes()), 1000);
        assertEquals(1, r.messages().size());
        assertEquals(1006, r.ws().closeCode());
    }
}
