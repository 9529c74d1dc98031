package io.shrapnel.codecs.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.net.TlsConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The server's builder checks, a second start, a stop before any start, and a stop whose grace runs out. */
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
        try (RawClients clients = new RawClients(); LiveServer live = new LiveServer(stuck, Limits.defaults())) {
            Socket s = clients.connect(live.port);
            s.getOutputStream().write(RawClients.GET);
            assertTrue(entered.await(20, TimeUnit.SECONDS));
            live.onLoop(() -> {
                live.server.stop(Duration.ofMillis(200));
                return null;
            });
            assertEquals(-1, s.getInputStream().read(), "closed without an answer");
            await().atMost(Duration.ofSeconds(10)).until(() -> live.coros() == 0 && live.onLoop(live.server::connectionCount) == 0);
        }
    }
}
