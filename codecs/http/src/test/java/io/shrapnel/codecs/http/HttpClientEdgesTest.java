package io.shrapnel.codecs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.LoopbackPorts;
import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.net.TcpSock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The client against fake servers in coros on its own loop, each connection scripted: redirects,
 * retries of stale connections, pipelines cut short, the proxy's CONNECT answer, and its builder's checks.
 */
@ExtendWith(CoroTestExtension.class)
class HttpClientEdgesTest {
    /**
     * A fake server: connection i answers its requests with {@code script[i]} in turn (one answer per
     * request head read), then closes; the request heads it read are kept in {@link #heads}.
     */
    private static final class Fake implements AutoCloseable {
        final TcpSock listener;
        final Coro coro;
        final List<String> heads = new ArrayList<>();
        final int port;

        Fake(String[]... script) throws Exception {
            listener = TcpSock.create();
            LoopbackPorts.bind(p -> {
                listener.bind(new InetSocketAddress("127.0.0.1", p));
                return listener;
            });
            listener.listen(8);
            port = ((InetSocketAddress) listener.localAddress()).getPort();
            coro = Coro.spawn("fake-server", () -> {
                for (String[] answers : script) {
                    try (TcpSock s = listener.accept()) {
                        io.shrapnel.codecs.http.internal.HttpInput in =
                                new io.shrapnel.codecs.http.internal.HttpInput(new io.shrapnel.codecs.http.internal.ConnTransport(s), 8192);
                        for (String a : answers) {
                            HeadParser.RequestHead h = HeadParser.readRequest(in, Limits.defaults());
                            if (h == null) {
                                break;
                            }
                            heads.add(h.method() + " " + h.target() + " " + h.headers().toString().replace("\n", "|"));
                            Framing f = Framing.ofRequest(h.headers(), h.minor(), 1 << 20);
                            BodyInput.of(f, in, Limits.defaults()).readAllBytes();
                            if (a.equals(RESET)) {
                                s.setOption(java.net.StandardSocketOptions.SO_LINGER, 0); // the close sends a reset
                                break;
                            }
                            if (!a.isEmpty()) {
                                s.sendAll(java.nio.ByteBuffer.wrap(a.getBytes(StandardCharsets.ISO_8859_1)));
                            }
                        }
                    }
                }
            });
        }

        String url(String path) {
            return "http://127.0.0.1:" + port + path;
        }

        @Override
        public void close() throws Exception {
            listener.close();
            coro.join();
        }
    }

    private static void onLoop(io.shrapnel.kernel.Body body) throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(body);
        }
    }

    private static String answer(int status, String headers, String body) {
        return "HTTP/1.1 " + status + " X\r\n" + headers + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private static final String OK = answer(200, "", "ok");
    /** As an answer: close the connection with a reset instead of answering. */
    private static final String RESET = "(reset)";

    @Test
    void everyRedirectStatusIsFollowedAndOthersAreNot() throws Exception {
        onLoop(() -> {
            for (int status : new int[] {301, 302, 303, 307, 308}) {
                try (Fake f = new Fake(new String[] {answer(status, "Location: /next\r\n", ""), OK});
                        HttpClient c = HttpClient.builder().followRedirects(1).build()) {
                    assertEquals("ok", c.get(f.url("/first")).text(), "status " + status);
                    assertEquals("GET /next ", f.heads.get(1).substring(0, 10));
                }
            }
            try (Fake f = new Fake(new String[] {answer(304, "Location: /next\r\n", ""), answer(300, "Location: /next\r\n", "")});
                    HttpClient c = HttpClient.builder().followRedirects(5).build()) {
                assertEquals(304, c.get(f.url("/")).status());
                assertEquals(300, c.get(f.url("/")).status());
            }
            try (Fake f = new Fake(new String[] {answer(302, "", "")}); HttpClient c = HttpClient.builder().followRedirects(5).build()) {
                assertEquals(302, c.get(f.url("/")).status(), "no Location: nothing to follow");
            }
        });
    }

    @Test
    void redirectsStopAtTheLimit() throws Exception {
        onLoop(() -> {
            String again = answer(302, "Location: /again\r\n", "");
            try (Fake f = new Fake(new String[] {again, again, again}); HttpClient c = HttpClient.builder().followRedirects(2).build()) {
                assertEquals(302, c.get(f.url("/")).status());
                assertEquals(3, f.heads.size(), "the first request and two redirects");
            }
        });
    }

    @Test
    void aSeeOtherTurnsAPostIntoAGetAndA307KeepsIt() throws Exception {
        onLoop(() -> {
            try (Fake f = new Fake(new String[] {answer(303, "Location: /done\r\n", ""), OK, answer(307, "Location: /again\r\n", ""), OK});
                    HttpClient c = HttpClient.builder().followRedirects(3).build()) {
                c.send(ClientRequest.post(f.url("/form"), "a=1").header("Content-Type", "text/plain"));
                assertTrue(f.heads.get(1).startsWith("GET /done Host: "), f.heads.get(1));
                assertTrue(!f.heads.get(1).contains("Content-Type"), f.heads.get(1));
                c.send(ClientRequest.post(f.url("/form"), "b=2"));
                assertTrue(f.heads.get(3).startsWith("POST /again ") && f.heads.get(3).contains("Content-Length: 3"), f.heads.get(3));
            }
        });
    }

    @Test
    void aRedirectThatWouldResendASpentStreamIsReturnedAsItIs() throws Exception {
        onLoop(() -> {
            try (Fake f = new Fake(new String[] {answer(307, "Location: /again\r\n", "")});
                    HttpClient c = HttpClient.builder().followRedirects(3).build()) {
                ClientRequest streamed = ClientRequest.of("POST", f.url("/")).body(new ByteArrayInputStream(new byte[] {1, 2}));
                assertEquals(307, c.send(streamed).status());
            }
        });
    }

    @Test
    void credentialsDoNotFollowARedirectToAnotherOrigin() throws Exception {
        onLoop(() -> {
            try (Fake other = new Fake(new String[] {OK}); Fake first = new Fake(new String[] {answer(302, "Location: " + other.url("/x") + "\r\n", "")});
                    HttpClient c = HttpClient.builder().followRedirects(1).build()) {
                c.send(ClientRequest.get(first.url("/")).header("Authorization", "Bearer t").header("Cookie", "c=1").header("X-Ok", "1"));
                assertTrue(first.heads.get(0).contains("Authorization: Bearer t"), first.heads.get(0));
                String moved = other.heads.get(0);
                assertTrue(moved.contains("X-Ok: 1") && !moved.contains("Authorization") && !moved.contains("Cookie"), moved);
            }
        });
    }

    @Test
    void aStaleKeptAliveConnectionIsRetriedOnlyForARepeatableSafeRequest() throws Exception {
        onLoop(() -> {
            // connection 1: answers one request, then reads the next and closes without a word
            try (Fake f = new Fake(new String[] {OK, ""}, new String[] {OK}); HttpClient c = HttpClient.builder().build()) {
                assertEquals("ok", c.get(f.url("/1")).text());
                assertEquals("ok", c.get(f.url("/2")).text(), "retried on a new connection");
                assertEquals(3, f.heads.size());
            }
            try (Fake f = new Fake(new String[] {OK, ""}); HttpClient c = HttpClient.builder().build()) {
                assertEquals("ok", c.get(f.url("/1")).text());
                assertThrows(IOException.class, () -> c.send(ClientRequest.post(f.url("/2"), "x")), "a POST is not retried");
            }
            try (Fake f = new Fake(new String[] {OK, ""}); HttpClient c = HttpClient.builder().build()) {
                assertEquals("ok", c.get(f.url("/1")).text());
                ClientRequest streamed = ClientRequest.of("PUT", f.url("/2")).body(new ByteArrayInputStream(new byte[] {1}));
                assertThrows(IOException.class, () -> c.send(streamed), "a spent stream is not sent again");
            }
            try (Fake f = new Fake(new String[] {""}); HttpClient c = HttpClient.builder().build()) {
                assertThrows(IOException.class, () -> c.get(f.url("/")), "a new connection that fails is no stale one");
            }
            try (Fake f = new Fake(new String[] {OK, "HTTP/1.1 200 OK\r\nContent-Le"}); HttpClient c = HttpClient.builder().build()) {
                assertEquals("ok", c.get(f.url("/1")).text());
                assertThrows(IOException.class, () -> c.get(f.url("/2")), "a server that began to answer is not asked again");
                assertEquals(2, f.heads.size());
            }
        });
    }

    @Test
    void aPipelineCutShortByTheServerFails() throws Exception {
        onLoop(() -> {
            try (Fake f = new Fake(new String[] {answer(200, "Connection: close\r\n", "a"), OK}); HttpClient c = HttpClient.builder().build()) {
                IOException e = assertThrows(IOException.class,
                        () -> c.pipeline(List.of(ClientRequest.get(f.url("/1")), ClientRequest.get(f.url("/2")))));
                assertEquals("the server closed the pipeline after 1 of 2 responses", e.getMessage());
                assertEquals(0, c.idleConnections(f.url("/")));
            }
            try (HttpClient c = HttpClient.builder().build()) {
                assertEquals(List.of(), c.pipeline(List.of()));
                assertThrows(IllegalArgumentException.class,
                        () -> c.pipeline(List.of(ClientRequest.get("http://127.0.0.1:1/"), ClientRequest.get("http://127.0.0.1:2/"))));
            }
        });
    }

    @Test
    void idleConnectionsAreReusedWithinTheirTimeoutAndClosedWithTheClient() throws Exception {
        onLoop(() -> {
            try (Fake f = new Fake(new String[] {OK, OK}); HttpClient c = HttpClient.builder().build()) {
                c.get(f.url("/"));
                assertEquals(1, c.idleConnections(f.url("/")));
                c.get(f.url("/"));
                assertEquals(1, c.idleConnections(f.url("/")));
                c.close();
                assertEquals(0, c.idleConnections(f.url("/")));
                assertThrows(IllegalStateException.class, () -> c.get(f.url("/")));
            }
            try (Fake f = new Fake(new String[] {OK}, new String[] {OK}); HttpClient c = HttpClient.builder().idleTimeout(Duration.ofNanos(1)).build()) {
                c.get(f.url("/"));
                Coro.sleep(Duration.ofMillis(1));
                c.get(f.url("/"));
                assertEquals(2, f.heads.size(), "the idle one was too old: a new connection answered");
            }
        });
    }

    @Test
    void aProxyThatRefusesTheTunnelFailsTheRequest() throws Exception {
        onLoop(() -> {
            try (Fake proxy = new Fake(new String[] {"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"}, new String[] {"HTTP/1.1 200 OK\r\n\r\nextra"});
                    HttpClient c = HttpClient.builder().proxy(new InetSocketAddress("127.0.0.1", proxy.port)).build()) {
                IOException refused = assertThrows(IOException.class, () -> c.get("https://example.test:8443/"));
                assertEquals("the proxy refused the tunnel to example.test:8443: 403 Forbidden", refused.getMessage());
                assertTrue(proxy.heads.get(0).startsWith("CONNECT example.test:8443 Host: example.test:8443"), proxy.heads.get(0));
                assertEquals(502, assertThrows(HttpProtocolException.class, () -> c.get("https://example.test:8443/")).status());
            }
        });
    }

    @Test
    void theBuilderChecksItsArguments() {
        assertThrows(IllegalArgumentException.class, () -> HttpClient.builder().maxConnectionsPerHost(0));
        HttpClient.builder().maxConnectionsPerHost(1);
        assertThrows(IllegalArgumentException.class, () -> HttpClient.builder().followRedirects(-1));
        assertThrows(IllegalArgumentException.class, () -> HttpClient.builder().followRedirects(21));
        HttpClient.builder().followRedirects(20).followRedirects(0);
    }

    @Test
    void aStaleConnectionResetByTheServerIsRetriedToo() throws Exception {
        onLoop(() -> {
            try (Fake f = new Fake(new String[] {OK, RESET}, new String[] {OK}); HttpClient c = HttpClient.builder().build()) {
                assertEquals("ok", c.get(f.url("/1")).text());
                assertEquals("ok", c.get(f.url("/2")).text(), "retried on a new connection");
                assertEquals(3, f.heads.size());
            }
        });
    }

    @Test
    void aFailedExchangeGivesItsConnectionBackSoTheNextRequestGetsOne() throws Exception {
        onLoop(() -> {
            try (Fake f = new Fake(new String[] {""}, new String[] {}, new String[] {OK});
                    HttpClient c = HttpClient.builder().maxConnectionsPerHost(1).timeout(Duration.ofSeconds(10)).build()) {
                assertThrows(IOException.class, () -> c.get(f.url("/1")), "closed without an answer");
                java.io.InputStream broken = new java.io.InputStream() {
                    @Override
                    public int read() {
                        throw new IllegalStateException("a broken body");
                    }
                };
                assertThrows(IllegalStateException.class, () -> c.send(ClientRequest.of("PUT", f.url("/2")).body(broken)));
                assertEquals("ok", c.get(f.url("/3")).text(), "the only connection allowed was given back twice");
                assertEquals(List.of("GET", "GET"), f.heads.stream().map(h -> h.split(" ")[0]).toList());
            }
        });
    }

    @Test
    void aPipelineSendsOriginFormTargetsAndGivesItsConnectionBack() throws Exception {
        onLoop(() -> {
            try (Fake f = new Fake(new String[] {OK, OK});
                    HttpClient c = HttpClient.builder().maxConnectionsPerHost(1).timeout(Duration.ofSeconds(10)).build()) {
                List<ClientResponse> all = c.pipeline(List.of(ClientRequest.get(f.url("/1")), ClientRequest.get(f.url("/2"))));
                assertEquals(2, all.size());
                assertTrue(f.heads.get(0).startsWith("GET /1 ") && f.heads.get(1).startsWith("GET /2 "), f.heads.toString());
                assertEquals(1, c.idleConnections(f.url("/")));
            }
            try (Fake f = new Fake(new String[] {answer(200, "Connection: close\r\n", "a"), OK}, new String[] {OK});
                    HttpClient c = HttpClient.builder().maxConnectionsPerHost(1).timeout(Duration.ofSeconds(10)).build()) {
                assertThrows(IOException.class, () -> c.pipeline(List.of(ClientRequest.get(f.url("/1")), ClientRequest.get(f.url("/2")))));
                assertEquals("ok", c.get(f.url("/3")).text(), "the failed pipeline's connection was given back");
            }
        });
    }

    @Test
    void aTunnelToAnIpv6HostNamesItInBrackets() throws Exception {
        onLoop(() -> {
            try (Fake proxy = new Fake(new String[] {"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"});
                    HttpClient c = HttpClient.builder().proxy(new InetSocketAddress("127.0.0.1", proxy.port)).build()) {
                IOException refused = assertThrows(IOException.class, () -> c.get("https://[::1]:8443/"));
                assertEquals("the proxy refused the tunnel to [::1]:8443: 403 Forbidden", refused.getMessage());
                assertTrue(proxy.heads.get(0).startsWith("CONNECT [::1]:8443 "), proxy.heads.get(0));
            }
        });
    }
}
