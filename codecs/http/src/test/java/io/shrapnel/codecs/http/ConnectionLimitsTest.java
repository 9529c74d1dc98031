package io.shrapnel.codecs.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Connection exhaustion on a real socket: the per-address limit, and a full server closing its
 * longest-idle connection before it refuses a new one.
 */
class ConnectionLimitsTest {
    private LiveServer live;
    private final RawClients clients = new RawClients();

    @AfterEach
    void close() throws Exception {
        clients.close();
        if (live != null) {
            live.close();
        }
    }

    private Socket connect(String from) throws IOException {
        return clients.connect(from, live.port);
    }

    /** Sends one keep-alive request and reads its whole response ("ok", sized). */
    private static String exchange(Socket s) throws IOException {
        return RawClients.exchange(s);
    }

    private int connections() throws Exception {
        return live.onLoop(live.server::connectionCount);
    }

    @Test
    void oneAddressGets503BeyondItsLimitWhileAnotherIsServed() throws Exception {
        live = new LiveServer((req, res) -> res.send("ok"), Limits.defaults().withMaxConnectionsPerAddress(2));
        connect("127.0.0.1");
        connect("127.0.0.1");
        await().atMost(Duration.ofSeconds(10)).until(() -> connections() == 2);
        String refused = new String(connect("127.0.0.1").getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertTrue(refused.startsWith("HTTP/1.1 503 Service Unavailable\r\n"), refused);
        assertTrue(refused.contains("too many connections from your address"), refused);
        assertTrue(exchange(connect("127.0.0.2")).startsWith("HTTP/1.1 200 OK"), "another address is served");
        assertEquals(1, live.onLoop(live.server::refused));
    }

    @Test
    void aFullServerClosesTheLongestIdleConnectionForANewOne() throws Exception {
        live = new LiveServer((req, res) -> res.send("ok"), Limits.defaults().withMaxConnections(2));
        Socket oldest = connect("127.0.0.1");
        exchange(oldest);
        Socket younger = connect("127.0.0.1");
        exchange(younger);
        await().atMost(Duration.ofSeconds(10)).until(() -> connections() == 2);
        assertTrue(exchange(connect("127.0.0.1")).startsWith("HTTP/1.1 200 OK"), "the new one is served");
        assertEquals(-1, oldest.getInputStream().read(), "the longest idle was closed to make room");
        assertTrue(exchange(younger).startsWith("HTTP/1.1 200 OK"), "the other one still works");
        assertEquals(1, live.onLoop(live.server::closedIdle));
        assertEquals(0, live.onLoop(live.server::refused));
    }

    @Test
    void aFullServerWhoseConnectionsAreAllBusyAnswers503() throws Exception {
        live = new LiveServer((req, res) -> res.send("ok"), Limits.defaults().withMaxConnections(2));
        for (int i = 0; i < 2; i++) {
            connect("127.0.0.1").getOutputStream().write("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        // both have spoken (a silent one would be closed to make room) and neither waits for a request
        await().atMost(Duration.ofSeconds(10)).until(() -> connections() == 2 && live.onLoop(live.server::idleConnections) == 0);
        String refused = new String(connect("127.0.0.1").getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertTrue(refused.startsWith("HTTP/1.1 503 Service Unavailable\r\n"), refused);
        assertTrue(refused.contains("too many connections; try again later"), refused);
    }
}
