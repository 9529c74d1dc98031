package io.shrapnel.codecs.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
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
 * Connections whose client has not spoken yet hold no coro: they are counted, limited, timed out,
 * closed by a stopping server and left out of the status page, with real clients (raw sockets, curl,
 * our {@link HttpClient}) on loopback.
 */
class SilentConnectionsTest {
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

    private int silent() throws Exception {
        return live.onLoop(live.server::silentConnections);
    }

    private static String curl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20"));
        cmd.addAll(List.of(args));
        return LiveServer.run(cmd, null);
    }

    private static String readResponse(InputStream in, String end) throws IOException {
        return RawClients.readUntil(in, end);
    }

    @Test
    void aSilentConnectionHoldsNoCoroAndIsServedWhenItSpeaks() throws Exception {
        live = new LiveServer((req, res) -> res.send("ok"), Limits.defaults());
        Socket a = connect();
        connect();
        await().atMost(Duration.ofSeconds(10)).until(() -> silent() == 2);
        assertEquals(2, live.onLoop(live.server::connectionCount));
        assertEquals(2, live.onLoop(live.server::idleConnections));
        assertEquals(1, live.coros(), "only the acceptor: silent connections have no coro");
        a.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(readResponse(a.getInputStream(), "\r\n\r\nok").startsWith("HTTP/1.1 200 OK"));
        assertEquals(1, silent());
        assertEquals(2, live.coros(), "the acceptor and the connection that spoke");
        try (HttpClient client = HttpClient.builder().build()) {
            String body = live.onLoop(() -> client.get(live.url("/")).text());
            assertEquals("ok", body, "our client beside them");
        }
        assertEquals("ok", curl(live.url("/")));
    }

    @Test
    void aClientThatNeverSpeaksIsClosedAfterTheFirstRequestTimeout() throws Exception {
        live = new LiveServer((req, res) -> res.send("ok"), Limits.defaults().withFirstRequestTimeout(Duration.ofMillis(300)));
        Socket quiet = connect();
        assertEquals(-1, quiet.getInputStream().read(), "closed without a word");
        await().atMost(Duration.ofSeconds(10)).until(() -> live.onLoop(live.server::connectionCount) == 0);
        assertEquals(1L, live.onLoop(live.server::closedSilent));
        assertEquals(0, silent());
        assertEquals(1, live.coros(), "no coro was ever spent on it");
        assertEquals("ok", curl(live.url("/")), "the server goes on");
    }

    @Test
    void aClientThatSpeaksLateStillHasTheFirstRequestDeadline() throws Exception {
        live = new LiveServer((req, res) -> res.send("ok"), Limits.defaults()
                .withFirstRequestTimeout(Duration.ofMillis(800)).withHeaderTimeout(Duration.ofSeconds(60)));
        Socket late = connect();
        await().atMost(Duration.ofSeconds(10)).until(() -> silent() == 1);
        late.getOutputStream().write("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1)); // and no more
        // the socket's read timeout (20 s) is far below the head deadline (60 s): only the first-request one can end it
        String answer = new String(late.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
        assertTrue(answer.contains("no complete request within 800 ms of the connection"), answer);
        assertEquals(0L, live.onLoop(live.server::closedSilent), "its session ended it: it had spoken");
    }

    @Test
    void aFullServerClosesASilentConnectionForANewClient() throws Exception {
        live = new LiveServer((req, res) -> res.send("ok"), Limits.defaults().withMaxConnections(2));
        Socket oldest = connect();
        connect();
        await().atMost(Duration.ofSeconds(10)).until(() -> silent() == 2);
        assertEquals("ok", curl(live.url("/")), "curl is served");
        assertEquals(-1, oldest.getInputStream().read(), "the oldest silent connection made room");
        assertEquals(1L, live.onLoop(live.server::closedIdle));
        assertEquals(0L, live.onLoop(live.server::refused));
    }

    @Test
    void aSilentConnectionCountsAgainstItsAddress() throws Exception {
        live = new LiveServer((req, res) -> res.send("ok"), Limits.defaults().withMaxConnectionsPerAddress(1));
        connect();
        await().atMost(Duration.ofSeconds(10)).until(() -> silent() == 1);
        String refused = new String(connect().getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertTrue(refused.startsWith("HTTP/1.1 503 Service Unavailable\r\n"), refused);
    }

    @Test
    void stoppingClosesSilentConnectionsAtOnceAndLetsARequestInFlightFinish() throws Exception {
        CompletableFuture<Void> entered = new CompletableFuture<>();
        CompletableFuture<Void> release = new CompletableFuture<>();
        live = new LiveServer((req, res) -> {
            entered.complete(null);
            while (!release.isDone()) {
                Coro.sleep(Duration.ofMillis(10));
            }
            res.send("finished");
        }, Limits.defaults());
        Socket quiet = connect();
        Socket busy = connect();
        busy.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        entered.get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> silent() == 1);
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
        assertEquals(-1, quiet.getInputStream().read(), "the silent connection is closed while the request runs");
        await().atMost(Duration.ofSeconds(10)).until(() -> silent() == 0);
        release.complete(null);
        String response = new String(busy.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertTrue(response.startsWith("HTTP/1.1 200 OK") && response.endsWith("finished"), response);
        assertTrue(response.toLowerCase(java.util.Locale.ROOT).contains("connection: close"), response);
        stopped.get(20, TimeUnit.SECONDS);
        assertEquals(0, live.onLoop(live.server::connectionCount));
    }

    @Test
    void theStatusPageShowsOnlyConnectionsThatSpoke() throws Exception {
        live = new LiveServer(Router.create().get("/status", StatusPage.create()), Limits.defaults());
        for (int i = 0; i < 3; i++) {
            connect();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> silent() == 3);
        String status = curl(live.url("/status"));
        assertEquals(1, status.split("http-conn", -1).length - 1, "curl's connection only:\n" + status);
        assertEquals(3, silent());
    }
}
