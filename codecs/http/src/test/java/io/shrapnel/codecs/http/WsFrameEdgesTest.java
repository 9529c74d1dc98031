package io.shrapnel.codecs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.codecs.http.internal.HttpInput;
import io.shrapnel.codecs.http.internal.HttpOutput;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** WebSocket frames at the edges of their length encodings, a zero first byte, and what a violation says. */
@ExtendWith(CoroTestExtension.class)
class WsFrameEdgesTest {
    private static final HexFormat HEX = HexFormat.of();

    private static String frameHex(int length) throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        HttpOutput out = new HttpOutput(sink::write, 1024);
        WsFrame.write(out, true, WsFrame.BINARY, new byte[length], 0, length, null);
        out.flush();
        return HEX.formatHex(sink.toByteArray());
    }

    @Test
    void eachLengthTakesTheShortestEncodingThatHoldsIt() throws Exception {
        assertTrue(frameHex(125).startsWith("827d00"));
        assertTrue(frameHex(126).startsWith("827e007e00"));
        assertTrue(frameHex(65535).startsWith("827effff00"));
        assertTrue(frameHex(65536).startsWith("827f000000000001000000"));
        assertEquals(2 + 125, frameHex(125).length() / 2);
        assertEquals(4 + 126, frameHex(126).length() / 2);
    }

    private static WsFrame read(String wire, boolean fromClient) throws Exception {
        return WsFrame.read(MemoryTransport.input(HEX.parseHex(wire)), fromClient, 1 << 20);
    }

    @Test
    void aLongerEncodingOfASmallLengthIsAccepted() throws Exception {
        assertEquals(0, read("827f0000000000000000", false).payload().length, "zero in 64 bits");
        assertEquals(1, read("827e0001" + "61", false).payload().length, "one in 16 bits");
    }

    @Test
    void aControlFrameOf125BytesIsTheLargestAccepted() throws Exception {
        WsFrame ping = read("897d" + "00".repeat(125), false);
        assertEquals(WsFrame.PING, ping.opcode());
        assertEquals(125, ping.payload().length);
    }

    @Test
    void aContinuationThatIsNotTheLastHasAZeroFirstByte() throws Exception {
        WsFrame middle = read("0001" + "62", false);
        assertEquals(WsFrame.CONTINUATION, middle.opcode());
        assertFalse(middle.fin());
        // a server joins a message of three fragments, the middle one starting with byte 0x00
        byte[] key = HEX.parseHex("00000000");
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        HttpOutput out = new HttpOutput(wire::write, 1024);
        WsFrame.write(out, false, WsFrame.TEXT, "a".getBytes(), 0, 1, key);
        WsFrame.write(out, false, WsFrame.CONTINUATION, "b".getBytes(), 0, 1, key);
        WsFrame.write(out, true, WsFrame.CONTINUATION, "c".getBytes(), 0, 1, key);
        out.flush();
        MemoryTransport t = new MemoryTransport(wire.toByteArray(), 3);
        WebSocket ws = new WebSocket(new HttpInput(t, 1024), new HttpOutput(t, 1024), t, false, 1000);
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                assertEquals(new WsMessage.Text("abc"), ws.receive());
                assertNull(ws.receive());
            });
        }
        assertEquals(1006, ws.closeCode());
    }

    /** The close reason a WebSocket ends with after reading {@code wire}. */
    private static String violation(String wire, boolean client) throws Exception {
        MemoryTransport t = new MemoryTransport(HEX.parseHex(wire), 5);
        WebSocket ws = new WebSocket(new HttpInput(t, 1024), new HttpOutput(t, 1024), t, client, 1000);
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> assertNull(ws.receive()));
        }
        assertEquals(1002, ws.closeCode());
        return ws.closeReason();
    }

    @Test
    void aMaskingViolationSaysWhichSideBrokeTheRule() throws Exception {
        assertEquals("a client frame must be masked", violation("810161", false));
        assertEquals("a server frame must not be masked", violation("818100000000" + "61", true));
    }
}
