package io.shrapnel.codecs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.codecs.http.internal.HttpOutput;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The HTTP side of a WebSocket: the upgrade a server accepts or refuses, and the session that follows. */
@ExtendWith(CoroTestExtension.class)
class WebSocketUpgradeTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ=="; // RFC 6455's example nonce
    private static final String ACCEPTED = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";

    private static String upgrade(String extra) {
        return "GET /ws HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, Upgrade\r\nUpgrade: websocket\r\n"
                + "Sec-WebSocket-Version: 13\r\n" + extra + "\r\n";
    }

    private static String masked(int b0, byte[] payload) throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        HttpOutput out = new HttpOutput(sink::write, 1024);
        WsFrame.write(out, (b0 & 0x80) != 0, b0 & 0x0f, payload, 0, payload.length, HEX.parseHex("01020304"));
        out.flush();
        return sink.toString(StandardCharsets.ISO_8859_1);
    }

    private static final Handler ECHO = WebSocket.endpoint(ws -> {
        WsMessage m;
        while ((m = ws.receive()) != null) {
            ws.send(m.asText());
        }
    });

    /** Serves {@code t} in virtual time; returns what the server wrote. */
    private static String serve(MemoryTransport t, Handler h) throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> new ServerSession(t, h, Limits.defaults()).run());
        }
        return t.output();
    }

    private static String frames(String out) {
        int end = out.indexOf("\r\n\r\n");
        return HEX.formatHex(out.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void anUpgradeIsAnsweredWith101AndTheSessionEchoes() throws Exception {
        String out = serve(new MemoryTransport(upgrade("Sec-WebSocket-Key: " + KEY + "\r\n")
                + masked(0x81, "hi".getBytes()) + masked(0x88, HEX.parseHex("03e8"))), ECHO);
        assertTrue(out.startsWith(ACCEPTED), out);
        assertEquals("81026869" + "880203e8", frames(out));
    }

    @Test
    void aSessionThatReturnsWithoutClosingEndsWithANormalClose() throws Exception {
        Handler hello = WebSocket.endpoint(ws -> ws.send("hi"));
        MemoryTransport t = new MemoryTransport(upgrade("Sec-WebSocket-Key: " + KEY + "\r\n") + masked(0x88, HEX.parseHex("03e8")));
        String out = serve(t, hello);
        assertEquals("81026869" + "880203e8", frames(out), "the message, then the server's close 1000");
        assertTrue(t.closed);
    }

    /** Hands out the first {@code headLength} bytes at once, then waits {@code pause} (virtual) before the rest. */
    private static final class Pausing extends MemoryTransport {
        private final int headLength;
        private final Duration pause;
        private int given;

        Pausing(String wire, int headLength, Duration pause) {
            super(wire);
            this.headLength = headLength;
            this.pause = pause;
        }

        @Override
        public int read(byte[] buf, int off, int len) {
            if (given == headLength) {
                Coro.sleep(pause);
            }
            int n = super.read(buf, off, given < headLength ? Math.min(len, headLength - given) : len);
            given += Math.max(n, 1); // never back to headLength: one pause
            return n;
        }
    }

    @Test
    void anOpenWebSocketWaitsForItsNextMessageLongerThanAnyRequestDeadline() throws Exception {
        Duration longerThanAll = Duration.ofMinutes(5); // bodyTimeout 30 s, requestTimeout 60 s, idle 60 s
        String head = upgrade("Sec-WebSocket-Key: " + KEY + "\r\n");
        Pausing t = new Pausing(head + masked(0x81, "late".getBytes()) + masked(0x88, HEX.parseHex("03e8")), head.length(), longerThanAll);
        String out = serve(t, ECHO);
        assertEquals("81046c617465" + "880203e8", frames(out));
    }

    private static void assertRefused(int status, String request) throws Exception {
        String out = serve(new MemoryTransport(request), ECHO);
        assertTrue(out.startsWith("HTTP/1.1 " + status + " "), out);
        assertTrue(out.contains("Connection: close\r\n"), out);
    }

    @Test
    void aRequestThatIsNoValidUpgradeIs400() throws Exception {
        assertRefused(400, upgrade("")); // no key
        assertRefused(400, upgrade("Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Key: " + KEY + "\r\n"));
        assertRefused(400, upgrade("Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAA\r\n")); // 15 bytes
        assertRefused(400, upgrade("Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAAAAAA==\r\n")); // 19 bytes
        assertRefused(400, upgrade("Sec-WebSocket-Key: !!!!!!!!!!!!!!!!!!!!!!!!\r\n")); // not base64
        assertRefused(400, upgrade("Sec-WebSocket-Key: " + KEY + "\r\n").replace("GET", "PUT"));
        assertRefused(400, upgrade("Sec-WebSocket-Key: " + KEY + "\r\n").replace("keep-alive, Upgrade", "keep-alive"));
        assertRefused(400, upgrade("Sec-WebSocket-Key: " + KEY + "\r\n").replace("Upgrade: websocket", "Upgrade: h2c"));
    }

    @Test
    void anUpgradeWithABodyIs400AndAnEmptyLengthIsNoBody() throws Exception {
        assertRefused(400, upgrade("Sec-WebSocket-Key: " + KEY + "\r\nContent-Length: 3\r\n") + "abc");
        assertRefused(400, upgrade("Sec-WebSocket-Key: " + KEY + "\r\nTransfer-Encoding: chunked\r\n") + "0\r\n\r\n");
        String out = serve(new MemoryTransport(upgrade("Sec-WebSocket-Key: " + KEY + "\r\nContent-Length: 0\r\n")
                + masked(0x88, HEX.parseHex("03e8"))), ECHO);
        assertTrue(out.startsWith(ACCEPTED), out);
    }

    @Test
    void anotherVersionIs426NamingTheOneThisServerSpeaks() throws Exception {
        String out = serve(new MemoryTransport(upgrade("Sec-WebSocket-Key: " + KEY + "\r\n").replace("Version: 13", "Version: 8")), ECHO);
        assertTrue(out.startsWith("HTTP/1.1 426 Upgrade Required\r\n"), out);
        assertTrue(out.contains("\r\nSec-WebSocket-Version: 13\r\n"), "RFC 6455 4.4: the 426 names the supported version: " + out);
        assertTrue(out.contains("Connection: close\r\n"), out);
    }
}
