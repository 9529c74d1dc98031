package io.shrapnel.codecs.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.codecs.http.internal.HttpInput;
import io.shrapnel.codecs.http.internal.HttpOutput;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A WebSocket's side of the conversation: what it sends (fragments, pings, the close it starts), the
 * client's masking, the close codes it accepts, and what happens after the close.
 */
@ExtendWith(CoroTestExtension.class)
class WebSocketSessionTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] KEY = HEX.parseHex("37fa213d");

    /** A WebSocket over memory: the peer's bytes in, ours collected. */
    private record Peer(WebSocket ws, MemoryTransport transport) {
        String written() {
            return HEX.formatHex(transport.written.toByteArray());
        }
    }

    private static Peer over(byte[] peerWire, boolean client) {
        MemoryTransport t = new MemoryTransport(peerWire, 5);
        return new Peer(new WebSocket(new HttpInput(t, 1024), new HttpOutput(t, 1024), t, client, 1000), t);
    }

    private static void inLoop(io.shrapnel.kernel.Body body) throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(body);
        }
    }

    /** A frame as a client sends it (masked with KEY). */
    private static byte[] masked(int b0, byte[] payload) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        HttpOutput out = new HttpOutput(sink::write, 1024);
        WsFrame.write(out, (b0 & 0x80) != 0, b0 & 0x0f, payload, 0, payload.length, KEY);
        out.flush();
        return sink.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    @Test
    void sendFragmentedSplitsOneMessageIntoFramesOfAtMostTheSize() throws Exception {
        Peer p = over(new byte[0], false);
        inLoop(() -> {
            p.ws().sendFragmented("abcdefg".getBytes(StandardCharsets.US_ASCII), true, 3);
            p.ws().sendFragmented(new byte[] {1, 2, 3, 4}, false, 4);
            p.ws().sendFragmented(new byte[0], false, 4);
        });
        assertEquals("0103616263" + "0003646566" + "800167" // text: abc, def, g (fin)
                + "820401020304" // binary that fits one fragment: one final frame
                + "8200", p.written()); // an empty message is one empty final frame
    }

    @Test
    void aPingCarriesAtMost125Bytes() throws Exception {
        Peer p = over(new byte[0], false);
        inLoop(() -> {
            assertThrows(IllegalArgumentException.class, () -> p.ws().ping(new byte[126]));
            p.ws().ping(new byte[125]);
            p.ws().ping("x".getBytes(StandardCharsets.US_ASCII));
        });
        assertEquals("897d" + "00".repeat(125) + "890178", p.written());
    }

    @Test
    void aClientMasksItsFramesReadsUnmaskedOnesAndLeavesTheTcpCloseToTheServer() throws Exception {
        byte[] server = HEX.parseHex("810548656c6c6f" + "880203e8");
        Peer p = over(server, true);
        inLoop(() -> {
            p.ws().send("hi");
            assertEquals(new WsMessage.Text("Hello"), p.ws().receive());
            assertNull(p.ws().receive());
        });
        byte[] out = p.transport().written.toByteArray();
        assertEquals(0x81, out[0] & 0xff);
        assertEquals(0x82, out[1] & 0xff, "mask bit and length 2");
        byte[] payload = {out[6], out[7]};
        WsFrame.mask(payload, 0, 2, new byte[] {out[2], out[3], out[4], out[5]});
        assertEquals("hi", new String(payload, StandardCharsets.US_ASCII));
        assertEquals(0x88, out[8] & 0xff, "the server's close answered");
        assertEquals(0x82, out[9] & 0xff, "masked, two bytes of code");
        assertEquals(10 + 4 + 2, out.length);
        assertEquals(1000, p.ws().closeCode());
        assertFalse(p.transport().closed, "a client waits for the server to close the TCP connection");
    }

    @Test
    void aClientRefusesAMaskedFrameFromTheServer() throws Exception {
        Peer p = over(masked(0x81, "x".getBytes(StandardCharsets.US_ASCII)), true);
        inLoop(() -> assertNull(p.ws().receive()));
        assertEquals(1002, p.ws().closeCode());
        assertTrue(p.transport().closed);
    }

    @Test
    void closeStartsTheHandshakeWaitsForThePeersCloseAndEndsTheConnection() throws Exception {
        // the peer still sends a message before it answers the close: dropped
        byte[] client = concat(masked(0x81, "late".getBytes(StandardCharsets.US_ASCII)), masked(0x88, HEX.parseHex("03e8")));
        Peer p = over(client, false);
        inLoop(() -> {
            assertTrue(p.ws().isOpen());
            p.ws().close(1001, "bye");
            assertFalse(p.ws().isOpen());
            assertThrows(IOException.class, () -> p.ws().send("more"), "nothing is sent after the close");
            assertThrows(IOException.class, () -> p.ws().send(new byte[1]));
            assertThrows(IOException.class, () -> p.ws().sendFragmented(new byte[1], false, 1));
            assertThrows(IOException.class, () -> p.ws().ping(new byte[1]));
            p.ws().close(1000, "again"); // idempotent: nothing more is sent
            assertNull(p.ws().receive(), "nothing is received after the close either");
        });
        assertEquals("880503e9627965", p.written(), "one close frame: 1001 'bye', no answer to the peer's close");
        assertTrue(p.transport().closed);
        assertEquals(1000, p.ws().closeCode(), "the peer's code once its close came");
    }

    @Test
    void aCloseReasonHasAtMost123Bytes() throws Exception {
        Peer p = over(masked(0x88, HEX.parseHex("03e8")), false);
        inLoop(() -> {
            assertThrows(IllegalArgumentException.class, () -> p.ws().close(1000, "r".repeat(124)));
            p.ws().close(1000, "r".repeat(123));
        });
        assertTrue(p.written().startsWith("887d03e8" + "72".repeat(123)), p.written());
    }

    @Test
    void closeAfterThePeersCloseSendsNothingMore() throws Exception {
        Peer p = over(masked(0x88, HEX.parseHex("0bb86f6b")), false); // 3000 "ok"
        inLoop(() -> {
            assertNull(p.ws().receive());
            assertEquals(3000, p.ws().closeCode());
            assertEquals("ok", p.ws().closeReason());
            p.ws().close(1000, "late");
            p.ws().finish();
        });
        assertEquals("88020bb8", p.written(), "only the echo of the peer's code");
        assertEquals(3000, p.ws().closeCode());
    }

    @Test
    void finishClosesNormallyWhenTheHandlerLeftTheSocketOpen() throws Exception {
        Peer p = over(masked(0x88, HEX.parseHex("03e8")), false);
        inLoop(() -> p.ws().finish());
        assertEquals("880203e8", p.written());
        assertTrue(p.transport().closed);
    }

    /** A connection whose writes all fail (the peer is gone); reads come from {@code input}. */
    private static final class Unwritable implements io.shrapnel.codecs.http.internal.Transport {
        final MemoryTransport input;
        boolean closed;

        Unwritable(byte[] input) {
            this.input = new MemoryTransport(input, 5);
        }

        @Override
        public int read(byte[] buf, int off, int len) {
            return input.read(buf, off, len);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            throw new IOException("Broken pipe");
        }

        @Override
        public void shutdownOutput() {
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void aCloseThatFailsToSendClosesTheConnectionAtOnce() throws Exception {
        Unwritable t = new Unwritable(masked(0x88, HEX.parseHex("03e8")));
        WebSocket ws = new WebSocket(new HttpInput(t, 1024), new HttpOutput(t, 1024), t, false, 1000);
        inLoop(() -> ws.close(1000, ""));
        assertTrue(t.closed);
        assertEquals(0, t.input.reads, "no wait for a close that cannot be answered");
    }

    @Test
    void aViolationClosesTheConnectionEvenWhenItsCloseFrameCannotBeSent() throws Exception {
        Unwritable t = new Unwritable(HEX.parseHex("810548656c6c6f")); // unmasked from a client
        WebSocket ws = new WebSocket(new HttpInput(t, 1024), new HttpOutput(t, 1024), t, false, 1000);
        inLoop(() -> assertNull(ws.receive()));
        assertEquals(1002, ws.closeCode());
        assertTrue(t.closed);
    }

    /** The close code a server ends with after the peer closes with {@code code}. */
    private static int closedWith(int code) throws Exception {
        Peer p = over(masked(0x88, new byte[] {(byte) (code >> 8), (byte) code}), false);
        inLoop(() -> assertNull(p.ws().receive()));
        return p.ws().closeCode();
    }

    @Test
    void closeCodesOutsideTheRegisteredRangesAreAProtocolError() throws Exception {
        for (int ok : new int[] {1000, 1001, 1002, 1003, 1007, 1010, 1014, 3000, 4000, 4999}) {
            assertEquals(ok, closedWith(ok), "code " + ok);
        }
        for (int bad : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535}) {
            assertEquals(1002, closedWith(bad), "code " + bad);
        }
    }

    @Test
    void aMessageExactlyAtTheLimitIsAcceptedWholeOrInFragments() throws Exception {
        byte[] whole = masked(0x82, new byte[1000]);
        byte[] parts = concat(masked(0x02, new byte[600]), masked(0x80, new byte[400]));
        for (byte[] wire : new byte[][] {whole, parts}) {
            Peer p = over(wire, false);
            inLoop(() -> {
                WsMessage m = p.ws().receive();
                assertEquals(1000, ((WsMessage.Binary) m).data().length);
                assertNull(p.ws().receive());
            });
            assertEquals(1006, p.ws().closeCode());
        }
        Peer over = over(concat(masked(0x02, new byte[600]), masked(0x80, new byte[401])), false);
        inLoop(() -> assertNull(over.ws().receive()));
        assertEquals(1009, over.ws().closeCode());
    }

    @Test
    void aFragmentedTextMessageIsCheckedAsUtf8WhenWhole() throws Exception {
        byte[] e = "é".getBytes(StandardCharsets.UTF_8); // split inside the character
        Peer p = over(concat(masked(0x01, new byte[] {e[0]}), masked(0x80, new byte[] {e[1]})), false);
        inLoop(() -> assertEquals(new WsMessage.Text("é"), p.ws().receive()));
        Peer bin = over(concat(masked(0x02, new byte[] {e[0]}), masked(0x80, new byte[] {e[1]})), false);
        inLoop(() -> assertArrayEquals(e, ((WsMessage.Binary) bin.ws().receive()).data()));
    }

    @Test
    void pongsAreIgnoredAndTheEndOfTheStreamClosesTheTransport() throws Exception {
        Peer p = over(concat(masked(0x8a, "p".getBytes(StandardCharsets.US_ASCII)), masked(0x81, "m".getBytes(StandardCharsets.US_ASCII))), false);
        inLoop(() -> {
            assertEquals(new WsMessage.Text("m"), p.ws().receive());
            assertNull(p.ws().receive());
        });
        assertEquals("", p.written(), "a pong is not answered");
        assertTrue(p.transport().closed);
        assertFalse(p.ws().isOpen());
    }

    @Test
    void aBinaryMessageReadsAsTextAndPrintsItsSize() {
        WsMessage.Binary b = new WsMessage.Binary("hé".getBytes(StandardCharsets.UTF_8));
        assertEquals("hé", b.asText());
        assertEquals("Binary[3 bytes]", b.toString());
        assertEquals("t", new WsMessage.Text("t").asText());
    }

    @Test
    void aClientsCloseWaitsForTheServersCloseThenEndsTheConnection() throws Exception {
        Peer p = over(HEX.parseHex("880203e8"), true);
        inLoop(() -> p.ws().close(1000, ""));
        byte[] out = p.transport().written.toByteArray();
        assertEquals(0x88, out[0] & 0xff);
        assertEquals(8, out.length, "one masked close with its code");
        assertTrue(p.transport().closed);
        assertEquals(1000, p.ws().closeCode());
    }

    @Test
    void aClientsSessionEndingAfterTheServersCloseEndsTheConnection() throws Exception {
        Peer p = over(HEX.parseHex("880203e9"), true);
        inLoop(() -> {
            assertNull(p.ws().receive());
            assertFalse(p.transport().closed, "the client waits for the server's TCP close");
            p.ws().finish();
        });
        assertTrue(p.transport().closed);
        assertEquals(8, p.transport().written.size(), "only the echo of the close");
    }

    @Test
    void everyClientFrameHasAFreshMaskingKey() throws Exception {
        Peer p = over(new byte[0], true);
        inLoop(() -> {
            p.ws().send("a");
            p.ws().send("a");
        });
        byte[] out = p.transport().written.toByteArray();
        assertEquals(14, out.length);
        byte[] first = java.util.Arrays.copyOfRange(out, 2, 6);
        byte[] second = java.util.Arrays.copyOfRange(out, 9, 13);
        // RFC 6455 5.3: unpredictable keys (two equal random keys: once in 2^32 runs)
        assertFalse(java.util.Arrays.equals(first, second), HEX.formatHex(out));
    }
}
