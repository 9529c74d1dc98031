package io.shrapnel.codecs.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.net.TlsConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The server's builder checks, a second start, a stop before any start, what a stop waits for and what
 * it does not, a stop whose grace runs out, and connections that end: by {@code Connection: close}, by a
 * failing wrapper.
 */
class HttpServerLifecycleTest {
    private static final Handler OK = (req, res) -> res.send("ok");

    @Test
    void theBuilderRefusesAClientTlsConfigurationAndAServerWithoutAHandler() throws Exception {
        TlsConfig client = TlsConfig.client().build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HttpServer.builder().tls(client));
        assertTrue(e.getMessage().contains("a server needs TlsConfig.server"), e.getMessage());
        NullPointerException n = assertThrows(NullPointerException.class, () -> HttpServer.builder().build());
        assertTrue(n.getMessage().contains("call builder().handler(...)"), n.getMessage());
    }

    @Test
    void aServerStartsOnceAndOneNeverStartedStopsAtOnce() throws Exception {
        // the address is replaced by LiveServer's port; each setter hands the builder on
        try (RawClients clients = new RawClients();
                LiveServer live = new LiveServer(HttpServer.builder().address(new InetSocketAddress(InetAddress.getLoopbackAddress(), 1))
                        .backlog(4).handler(OK))) {
            ExecutionException again = assertThrows(ExecutionException.class, () -> live.onLoop(live.server::start));
            assertInstanceOf(IllegalStateException.class, again.getCause());
            assertTrue(again.getCause().getMessage().contains("already started"), again.getCause().getMessage());
            HttpServer never = HttpServer.builder().handler(OK).build();
            live.onLoop(() -> {
                never.stop();
                return null;
            });
            assertTrue(RawClients.exchange(clients.connect(live.port)).startsWith("HTTP/1.1 200 OK"), "the started one serves");
        }
    }

    @Test
    void aHandlerStillRunningWhenTheGraceEndsIsShutDownAndItsConnectionClosed() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        Handler stuck = (req, res) -> {
            entered.countDown();
            Coro.sleep(Duration.ofMinutes(10));
            res.send("too late");
        };
        assertShutDownWhenTheGraceEnds(HttpServer.builder().handler(stuck), entered);
    }

    @Test
    void aConnectionStillWrappingWhenTheGraceEndsIsShutDown() throws Exception {
        CountDownLatch wrapping = new CountDownLatch(1);
        HttpServer.Tls stalls = accepted -> {
            wrapping.countDown();
            Coro.sleep(Duration.ofMinutes(10)); // a handshake that never ends: the connection has a coro, no session
            return accepted;
        };
        assertShutDownWhenTheGraceEnds(HttpServer.builder().handler(OK).tls(stalls)
                .limits(Limits.defaults().withHeaderTimeout(Duration.ofMinutes(10))), wrapping);
    }

    /** A request to the server {@code builder} makes, stuck once {@code stuck} opens: a stop of 200 ms grace closes it and ends its coro. */
    private static void assertShutDownWhenTheGraceEnds(HttpServer.Builder builder, CountDownLatch stuck) throws Exception {
        try (RawClients clients = new RawClients(); LiveServer live = new LiveServer(builder)) {
            Socket s = clients.connect(live.port);
            s.getOutputStream().write(RawClients.GET);
            assertTrue(stuck.await(20, TimeUnit.SECONDS));
            live.onLoop(() -> {
                live.server.stop(Duration.ofMillis(200));
                return null;
            });
            assertEquals(-1, s.getInputStream().read(), "closed without an answer");
            await().atMost(Duration.ofSeconds(10)).until(() -> live.coros() == 0 && live.onLoop(live.server::connectionCount) == 0);
        }
    }

    @Test
    void aStopReturnsOnceItsAcceptorEnded() throws Exception {
        try (LiveServer live = new LiveServer(OK, Limits.defaults())) {
            int coros = live.onLoop(() -> {
                live.server.stop(Duration.ofSeconds(10));
                return live.loop.liveCoros() - 1;
            });
            assertEquals(0, coros, "no coro but the probe");
        }
    }

    @Test
    void aStopLetsTheRequestInFlightFinishAndReturnsOnceEveryCoroOfTheServerEnded() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        boolean[] done = {false};
        Handler slow = (req, res) -> {
            entered.countDown();
            Coro.sleep(Duration.ofMillis(200));
            done[0] = true;
            res.send("done");
        };
        try (RawClients clients = new RawClients(); LiveServer live = new LiveServer(slow, Limits.defaults())) {
            Socket s = clients.connect(live.port);
            s.getOutputStream().write(RawClients.GET);
            assertTrue(entered.await(20, TimeUnit.SECONDS));
            int[] after = live.onLoop(() -> {
                live.server.stop();
                return new int[] {done[0] ? 1 : 0, live.server.connectionCount(), live.loop.liveCoros() - 1};
            });
            assertArrayEquals(new int[] {1, 0, 0}, after, "handler done, no connection, no coro but the probe");
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 200 OK") && answer.endsWith("done"), answer);
        }
    }

    @Test
    void aKeptAliveConnectionWaitingInItsCoroDoesNotHoldAStopForItsGrace() throws Exception {
        Limits neverGivesItsCoroUp = Limits.defaults().withKeepCoroWhileIdle(Limits.defaults().idleTimeout());
        try (RawClients clients = new RawClients(); LiveServer live = new LiveServer(OK, neverGivesItsCoroUp)) {
            Socket s = clients.connect(live.port);
            assertTrue(RawClients.exchange(s).startsWith("HTTP/1.1 200 OK"));
            await().atMost(Duration.ofSeconds(10)).until(() -> live.onLoop(live.server::idleConnections) == 1);
            live.onLoop(() -> {
                live.server.stop(Duration.ofMinutes(10)); // returns long before (the probe waits at most 30 s)
                return null;
            });
            assertEquals(-1, s.getInputStream().read());
        }
    }

    @Test
    void aResponseWithConnectionCloseEndsTheConnection() throws Exception {
        try (LiveServer live = new LiveServer(OK, Limits.defaults())) {
            String answer = live.raw("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"); // read until the server closes
            assertTrue(answer.startsWith("HTTP/1.1 200 OK") && answer.endsWith("\r\n\r\nok"), answer);
            await().atMost(Duration.ofSeconds(10)).until(() -> live.onLoop(live.server::connectionCount) == 0);
        }
    }

    @Test
    void aConnectionWhoseWrappingFailsIsClosedAndAFailureOtherThanIoIsLogged() throws Exception {
        assertEquals("", stderrOfAConnectionWrappedBy(accepted -> {
            throw new IOException("the handshake failed");
        }), "a failing connection is nothing to log");
        String logged = stderrOfAConnectionWrappedBy(accepted -> {
            throw new IllegalStateException("no wrapper");
        });
        assertTrue(logged.contains("http: connection failed: java.lang.IllegalStateException: no wrapper"), logged);
    }

    /** Connects to a server whose connections {@code tls} wraps, speaks, and waits for the close; returns what was logged meanwhile. */
    private static String stderrOfAConnectionWrappedBy(HttpServer.Tls tls) throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
        try (RawClients clients = new RawClients(); LiveServer live = new LiveServer(HttpServer.builder().handler(OK).tls(tls))) {
            Socket s = clients.connect(live.port);
            s.getOutputStream().write(RawClients.GET);
            assertEquals(-1, s.getInputStream().read(), "closed");
            await().atMost(Duration.ofSeconds(10)).until(() -> live.onLoop(live.server::connectionCount) == 0);
        } finally {
            System.setErr(err);
        }
        return logged.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aHandlerSeesItsClientsAddress() throws Exception {
        Handler peer = (req, res) -> res.send(String.valueOf(req.remoteAddress()));
        try (LiveServer live = new LiveServer(peer, Limits.defaults())) {
            String answer = live.raw("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertTrue(answer.contains("\r\n\r\n/127.0.0.1:"), answer);
            // Two requests on one connection: the same address (asked of the socket once, then kept).
            String two = live.raw("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\r\n\r\n(/127\\.0\\.0\\.1:\\d+)").matcher(two);
            assertTrue(m.find(), two);
            String first = m.group(1);
            assertTrue(m.find(), two);
            assertEquals(first, m.group(1), two);
        }
    }
}
