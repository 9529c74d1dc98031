package io.shrapnel.codecs.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.TimeoutError;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.LoopbackPorts;
import io.shrapnel.kernel.testing.TestLoop;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The client against nginx, Python's http.server, tinyproxy and our own server. */
@ExtendWith(CoroTestExtension.class)
class HttpClientTest {
    @TempDir
    Path tmp;
    private Path www;
    private byte[] big;
    private LiveServer live;

    @BeforeEach
    void files() throws Exception {
        www = Files.createDirectories(tmp.resolve("www"));
        Files.writeString(www.resolve("hello.txt"), "hello from a file\n");
        big = new byte[1_000_000];
        new Random(3).nextBytes(big);
        Files.write(www.resolve("big.bin"), big);
        Router app = Router.create()
                .get("/hello", (req, res) -> res.send("hello"))
                .post("/echo", (req, res) -> res.send(req.bodyBytes()))
                .get("/chunked", (req, res) -> {
                    OutputStream o = res.outputStream();
                    for (int i = 0; i < 100; i++) {
                        o.write(("chunk " + i + ";").getBytes());
                    }
                })
                .get("/slow", (req, res) -> {
                    Coro.sleep(Duration.ofSeconds(5));
                    res.send("late");
                })
                .get("/redirect", (req, res) -> res.status(302).header("Location", "/hello").send(""))
                .post("/keep", (req, res) -> res.status(307).header("Location", "/echo").send(""))
                .get("/loop", (req, res) -> res.status(302).header("Location", "/loop").send(""))
                .get("/path", (req, res) -> res.send(req.target() + " host=" + req.header("Host")));
        live = new LiveServer(app, Limits.defaults().withIdleTimeout(Duration.ofMillis(300)));
    }

    @AfterEach
    void stop() throws Exception {
        live.close();
    }

    /** Runs {@code fn} with a fresh client in a coro on the server's loop. */
    private <T> T withClient(HttpClient.Builder b, ClientBody<T> fn) throws Exception {
        return live.onLoop(() -> {
            try (HttpClient c = b.build()) {
                return fn.run(c);
            }
        });
    }

    @FunctionalInterface
    interface ClientBody<T> {
        T run(HttpClient c) throws Exception;
    }

    @Test
    void fetchesFromNginxOverOneKeptAliveConnection() throws Exception {
        try (ExternalServer nginx = ExternalServer.nginx(www, tmp.resolve("nginx")); TestLoop loop = TestLoop.create()) {
            String base = "http://127.0.0.1:" + nginx.port;
            loop.run(() -> {
                try (HttpClient c = HttpClient.builder().build()) {
                    ClientResponse r = c.get(base + "/hello.txt");
                    assertEquals(200, r.status());
                    assertEquals("hello from a file\n", r.text());
                    assertEquals("text/plain", r.header("Content-Type"));
                    assertArrayEquals(big, c.get(base + "/big.bin").body());
                    assertEquals(404, c.get(base + "/nothing").status());
                    assertEquals(1, c.idleConnections(base + "/"), "every request reused the one connection");
                    assertEquals(301, c.get(base + "/moved").status());
                    ClientResponse head = c.send(ClientRequest.head(base + "/big.bin"));
                    assertEquals("1000000", head.header("Content-Length"));
                    assertEquals(0, head.body().length);
                }
                try (HttpClient c = HttpClient.builder().followRedirects(3).build()) {
                    assertEquals("hello from a file\n", c.get(base + "/moved").text());
                }
            });
        }
    }

    @Test
    void fetchesFromPythonsHttpServerThatClosesEachConnection() throws Exception {
        try (ExternalServer py = ExternalServer.python(www); TestLoop loop = TestLoop.create()) {
            String base = "http://127.0.0.1:" + py.port;
            loop.run(() -> {
                try (HttpClient c = HttpClient.builder().build()) {
                    for (int i = 0; i < 3; i++) {
                        ClientResponse r = c.get(base + "/hello.txt");
                        assertEquals("HTTP/1.0", r.version());
                        assertEquals("hello from a file\n", r.text());
                    }
                    assertArrayEquals(big, c.get(base + "/big.bin").body());
                    assertEquals(0, c.idleConnections(base + "/"), "HTTP/1.0 without keep-alive: nothing kept");
                }
            });
        }
    }

    @Test
    void goesThroughAnHttpProxy() throws Exception {
        try (ExternalServer proxy = ExternalServer.tinyproxy(tmp.resolve("proxy"))) {
            String answer = withClient(HttpClient.builder().proxy(new InetSocketAddress("127.0.0.1", proxy.port)),
                    c -> c.get(live.url("/path")).text());
            assertEquals("/path host=127.0.0.1:" + live.port, answer);
            assertTrue(proxy.logText().contains("127.0.0.1:" + live.port) || proxy.logText().contains("/path"), proxy.logText());
        }
    }

    @Test
    void keepsConnectionsAliveAndSendsChunkedAndSizedBodies() throws Exception {
        withClient(HttpClient.builder(), c -> {
            assertEquals("hello", c.get(live.url("/hello")).text());
            byte[] sized = c.send(ClientRequest.post(live.url("/echo"), big)).body();
            assertArrayEquals(big, sized);
            byte[] chunked = c.send(ClientRequest.of("POST", live.url("/echo")).body(new ByteArrayInputStream(big))).body();
            assertArrayEquals(big, chunked);
            StringBuilder want = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                want.append("chunk ").append(i).append(';');
            }
            assertEquals(want.toString(), c.get(live.url("/chunked")).text());
            return null;
        });
        assertEquals(1L, live.onLoop(live.server::accepted), "four requests, one connection");
    }

    /** A scripted server in a coro: answers each of {@code answers} on its own connection, then stops. */
    private record RawServer(int port, Coro coro, io.shrapnel.net.TcpSock listener) {
        void finish() throws Exception {
            coro.join();
            listener.close();
        }
    }

    private static RawServer rawServer(String... answers) throws Exception {
        io.shrapnel.net.TcpSock l = io.shrapnel.net.TcpSock.create();
        LoopbackPorts.bind(port -> {
            l.bind(new InetSocketAddress("127.0.0.1", port));
            return l;
        });
        l.listen(4);
        Coro server = Coro.spawn("raw-server", () -> {
            for (String a : answers) {
                try (io.shrapnel.net.TcpSock s = l.accept()) {
                    s.recv(4096);
                    s.sendAll(a.getBytes());
                }
            }
        });
        return new RawServer(((InetSocketAddress) l.localAddress()).getPort(), server, l);
    }

    @Test
    void readsResponsesWithAndWithoutLength() throws Exception {
        // A server that answers HTTP/1.1 without Content-Length and ends the body by closing.
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                RawServer raw = rawServer("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nno length 0",
                        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nno length 1");
                int port = raw.port();
                try (HttpClient c = HttpClient.builder().build()) {
                    assertEquals("no length 0", c.get("http://127.0.0.1:" + port + "/").text());
                    assertEquals("no length 1", c.get("http://127.0.0.1:" + port + "/").text());
                }
                raw.finish();
            });
        }
    }

    @Test
    void followsRedirectsOnlyWhenAskedTo() throws Exception {
        assertEquals(302, (int) withClient(HttpClient.builder(), c -> c.get(live.url("/redirect")).status()));
        assertEquals("hello", withClient(HttpClient.builder().followRedirects(5), c -> c.get(live.url("/redirect")).text()));
        assertEquals("kept body", withClient(HttpClient.builder().followRedirects(5),
                c -> c.send(ClientRequest.post(live.url("/keep"), "kept body")).text()));
        assertEquals(302, (int) withClient(HttpClient.builder().followRedirects(5), c -> c.get(live.url("/loop")).status()));
    }

    @Test
    void timesOutWithTheCorosTimeout() throws Exception {
        long t0 = System.nanoTime();
        String result = withClient(HttpClient.builder().timeout(Duration.ofMillis(300)), c -> {
            try {
                c.get(live.url("/slow"));
                return "answered";
            } catch (TimeoutError e) {
                return "timeout";
            }
        });
        assertEquals("timeout", result);
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(4).toNanos());
    }

    @Test
    void pipelinesRequestsOnOneConnection() throws Exception {
        List<String> bodies = withClient(HttpClient.builder(), c -> {
            List<ClientRequest> rs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                rs.add(i % 2 == 0 ? ClientRequest.get(live.url("/hello")) : ClientRequest.post(live.url("/echo"), "n" + i));
            }
            return c.pipeline(rs).stream().map(ClientResponse::text).toList();
        });
        assertEquals(List.of("hello", "n1", "hello", "n3", "hello", "n5", "hello", "n7", "hello", "n9"), bodies);
        assertEquals(1L, live.onLoop(live.server::accepted));
    }

    @Test
    void limitsConnectionsPerHostAndQueuesTheRest() throws Exception {
        int ok = withClient(HttpClient.builder().maxConnectionsPerHost(2), c -> {
            List<Coro> cs = new ArrayList<>();
            int[] done = new int[1];
            for (int i = 0; i < 10; i++) {
                cs.add(Coro.spawn(() -> {
                    if (c.get(live.url("/hello")).text().equals("hello")) {
                        done[0]++;
                    }
                }));
            }
            for (Coro x : cs) {
                x.join();
            }
            return done[0];
        });
        assertEquals(10, ok);
        assertTrue(live.onLoop(live.server::accepted) <= 2, "at most two connections");
    }

    @Test
    void retriesAnIdempotentRequestWhenTheServerClosedTheIdleConnection() throws Exception {
        String second = withClient(HttpClient.builder(), c -> {
            c.get(live.url("/hello"));
            Coro.sleep(Duration.ofMillis(600)); // the server's idle timeout (300 ms) closes the connection
            return c.get(live.url("/hello")).text();
        });
        assertEquals("hello", second);
        assertEquals(2L, live.onLoop(live.server::accepted));
    }

    @Test
    void refusesMalformedResponses() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                String[] answers = {
                    "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
                    "HTTP/1.1 2OO OK\r\n\r\n",
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                    "HTTP/1.1 200 OK\r\nX: " + "v".repeat(20000) + "\r\n\r\n",
                };
                RawServer raw = rawServer(answers);
                int port = raw.port();
                try (HttpClient c = HttpClient.builder().build()) {
                    for (int i = 0; i < answers.length; i++) {
                        assertThrows(HttpProtocolException.class, () -> c.get("http://127.0.0.1:" + port + "/"));
                    }
                }
                raw.finish();
            });
        }
    }
}
