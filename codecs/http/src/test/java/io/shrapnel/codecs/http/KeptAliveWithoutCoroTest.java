package io.shrapnel.codecs.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A kept-alive connection that waits for its next request longer than {@link Limits#keepCoroWhileIdle()}
 * gives its coro up, is watched with none, gets a new coro from its next bytes, and is closed at its
 * idle timeout, by a full server or by a stopping one, as a silent connection is; with raw sockets
 * and curl on loopback.
 */
class KeptAliveWithoutCoroTest {
    private static final byte[] GET = RawClients.GET;
    private LiveServer live;
    private final RawClients clients = new RawClients();

    @AfterEach
    void close() throws Exception {
        clients.close();
        if (live != null) {
            live.close();
        }
    }

    private Socket connect() throws IOException {
        return clients.connect(live.port);
    }

    private int withoutCoro() throws Exception {
        return live.onLoop(live.server::connectionsWithoutCoro);
    }

    private static String exchange(Socket s) throws IOException {
        return RawClients.exchange(s);
    }

    private static String readResponse(InputStream in, String end) throws IOException {
        return RawClients.readUntil(in, end);
    }

    private static Limits keepingCoroFor(Duration d) {
        return Limits.defaults().withKeepCoroWhileIdle(d);
    }

    @Test
    void anIdleKeptAliveConnectionGivesItsCoroUpAndIsServedAgainOnTheSameSocket() throws Exception {
        live = new LiveServer((req, res) -> res.send("ok"), keepingCoroFor(Duration.ofMillis(100)));
        Socket s = connect();
        for (int round = 1; round <= 3; round++) {
            assertTrue(exchange(s).startsWith("HTTP/1.1 200 OK"), "round " + round);
            await().atMost(Duration.ofSeconds(10)).until(() -> withoutCoro() == 1);
            assertEquals(1, live.coros(), "round " + round + ": only the acceptor; the connection waits without a coro");
            assertEquals(1, live.onLoop(live.server::connectionCount), "it is still open");
            assertEquals(1, live.onLoop(live.server::idleConnections), "and counted as waiting");
            assertEquals(0, live.onLoop(live.server::silentConnections), "but not as silent: it has spoken");
        }
        assertEquals(3L, live.onLoop(() -> live.server.metrics().snapshot().successful()));
        assertEquals(1L, live.onLoop(live.server::accepted), "one connection all along");
    }

    @Test
    void aConnectionThatGaveItsCoroUpHasNoFirstRequestDeadline() throws Exception {
        // The first request's deadline counts from the accept (1 s); a later request of a kept-alive
        // connection has only the head deadline (60 s), even when it comes to a new coro.
        live = new LiveServer((req, res) -> res.send("ok"), keepingCoroFor(Duration.ZERO)
                .withFirstRequestTimeout(Duration.ofSeconds(1)).withHeaderTimeout(Duration.ofSeconds(60)));
        Socket s = connect();
        assertTrue(exchange(s).startsWith("HTTP/1.1 200 OK"));
        await().atMost(Duration.ofSeconds(10)).until(() -> withoutCoro() == 1);
        s.getOutputStream().write("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1)); // half a head
        await().atMost(Duration.ofSeconds(10)).until(() -> live.coros() == 2); // its new coro reads the head
        // well past the first-request deadline: still open, still reading
        await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(10)).until(() -> live.coros() == 2);
        s.getOutputStream().write("Host: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(readResponse(s.getInputStream(), "\r\n\r\nok").startsWith("HTTP/1.1 200 OK"));
    }

    @Test
    void givingTheCoroUpAfterEveryResponseServesManyRequestsInOrder() throws Exception {
        live = new LiveServer((req, res) -> res.send(req.path().equals("/") ? "ok" : req.path()), keepingCoroFor(Duration.ZERO));
        try (HttpClient client = HttpClient.builder().build()) {
            List<String> bodies = live.onLoop(() -> {
                List<String> out = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    out.add(client.get(live.url("/r" + i)).text());
                }
                return out;
            });
            for (int i = 0; i < 50; i++) {
                assertEquals("/r" + i, bodies.get(i));
            }
        }
        Socket pipelined = connect();
        pipelined.getOutputStream().write((new String(GET, StandardCharsets.ISO_8859_1).repeat(3)).getBytes(StandardCharsets.ISO_8859_1));
        String three = readResponse(pipelined.getInputStream(), "\r\n\r\nok");
        three += readResponse(pipelined.getInputStream(), "\r\n\r\nok");
        three += readResponse(pipelined.getInputStream(), "\r\n\r\nok");
        assertEquals(3, three.split("HTTP/1.1 200 OK", -1).length - 1, three);
        String connects = LiveServer.run("curl", "-sS", "--max-time", "20", "-o", "/dev/null", "-o", "/dev/null",
                "-w", "%{num_connects} ", live.url("/"), live.url("/"));
        assertEquals("1 0 ", connects, "curl's second transfer reuses the connection");
    }

    @Test
    void aConnectionWaitingWithoutItsCoroIsClosedAtItsIdleTimeout() throws Exception {
        live = new LiveServer((req, res) -> res.send("ok"), keepingCoroFor(Duration.ofMillis(50))
                .withIdleTimeout(Duration.ofMillis(400)));
        Socket s = connect();
        assertTrue(exchange(s).startsWith("HTTP/1.1 200 OK"));
        await().atMost(Duration.ofSeconds(10)).until(() -> withoutCoro() == 1);
        assertEquals(-1, s.getInputStream().read(), "closed without a word");
        await().atMost(Duration.ofSeconds(10)).until(() -> live.onLoop(live.server::connectionCount) == 0);
        assertEquals(0, withoutCoro());
        assertEquals(0L, live.onLoop(live.server::closedSilent), "it was not a silent connection");
        assertEquals(1, live.coros());
    }

    @Test
    void aClientClosingItsIdleConnectionEndsItOnTheServer() throws Exception {
        live = new LiveServer((req, res) -> res.send("ok"), keepingCoroFor(Duration.ZERO));
        Socket s = connect();
        assertTrue(exchange(s).startsWith("HTTP/1.1 200 OK"));
        await().atMost(Duration.ofSeconds(10)).until(() -> withoutCoro() == 1);
        s.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> live.onLoop(live.server::connectionCount) == 0);
        assertEquals(1, live.coros());
    }

    @Test
    void aFullServerClosesSilentConnectionsFirstThenOnesWithoutCoroThenIdleSessions() throws Exception {
        live = new LiveServer((req, res) -> res.send("ok"), keepingCoroFor(Duration.ZERO).withMaxConnections(2));
        Socket kept = connect();
        assertTrue(exchange(kept).startsWith("HTTP/1.1 200 OK"));
        await().atMost(Duration.ofSeconds(10)).until(() -> withoutCoro() == 1);
        Socket silent = connect();
        await().atMost(Duration.ofSeconds(10)).until(() -> live.onLoop(live.server::silentConnections) == 1);
        Socket third = connect(); // the silent one makes room
        assertEquals(-1, silent.getInputStream().read());
        assertTrue(exchange(third).startsWith("HTTP/1.1 200 OK"));
        await().atMost(Duration.ofSeconds(10)).until(() -> withoutCoro() == 2);
        Socket fourth = connect(); // now the one that waited longest without a coro
        assertEquals(-1, kept.getInputStream().read(), "the longest-waiting kept-alive connection made room");
        assertTrue(exchange(fourth).startsWith("HTTP/1.1 200 OK"));
        assertTrue(exchange(third).startsWith("HTTP/1.1 200 OK"), "the other one is still served");
        assertEquals(2L, live.onLoop(live.server::closedIdle));
        assertEquals(0L, live.onLoop(live.server::refused));
    }

    @Test
    void stoppingClosesConnectionsWithoutCoroAtOnce() throws Exception {
        live = new LiveServer((req, res) -> res.send("ok"), keepingCoroFor(Duration.ZERO));
        Socket s = connect();
        assertTrue(exchange(s).startsWith("HTTP/1.1 200 OK"));
        await().atMost(Duration.ofSeconds(10)).until(() -> withoutCoro() == 1);
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
            try {
                live.onLoop(() -> {
                    live.server.stop(Duration.ofSeconds(20));
                    return null;
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(-1, s.getInputStream().read());
        stopped.get(20, TimeUnit.SECONDS);
        assertEquals(0, live.onLoop(live.server::connectionCount));
        assertEquals(0, withoutCoro());
    }
}
