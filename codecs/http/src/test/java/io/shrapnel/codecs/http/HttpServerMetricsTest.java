package io.shrapnel.codecs.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The server's response counters, after real requests from curl and a raw socket. */
@ExtendWith(CoroTestExtension.class)
class HttpServerMetricsTest {
    private static final Router APP = Router.create()
            .get("/ok", (req, res) -> res.send("ok"))
            .get("/moved", (req, res) -> res.status(302).header("Location", "/ok").send("moved"))
            .get("/gone", (req, res) -> res.status(410).send("gone"))
            .get("/fail", (req, res) -> {
                throw new IllegalStateException("handler failure on purpose");
            })
            .get("/unavailable", (req, res) -> res.status(503).send("later"));

    private static String curlStatuses(LiveServer live, String... paths) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("curl", "-sS", "--max-time", "20"));
        for (String p : paths) {
            cmd.addAll(List.of("-o", "/dev/null", "-w", "%{http_code} ", live.url(p)));
        }
        return LiveServer.run(cmd, null).trim();
    }

    @Test
    void responsesAreCountedByStatusClass() throws Exception {
        try (LiveServer live = new LiveServer(APP, Limits.defaults())) {
            HttpServerMetrics metrics = live.server.metrics();
            assertEquals(new HttpServerMetrics.Snapshot(metrics.snapshot().address(), 0, 0, 0, 0, 0, 0, 0, 0, 0),
                    metrics.snapshot());
            assertEquals("127.0.0.1:" + live.port, metrics.snapshot().address());
            String codes = curlStatuses(live, "/ok", "/ok", "/ok", "/moved", "/gone", "/nothing-here", "/fail", "/unavailable");
            assertEquals("200 200 200 302 410 404 500 503", codes.replaceAll("\\s+", " "));
            HttpServerMetrics.Snapshot s = live.onLoop(metrics::snapshot);
            assertEquals(3, s.successful());
            assertEquals(1, s.redirection());
            assertEquals(2, s.clientErrors());
            assertEquals(2, s.serverErrors());
            assertEquals(0, s.informational());
            assertEquals(8, s.responses());
            assertTrue(s.accepted() >= 1, s.toString());
        }
    }

    @Test
    void aBadRequestTheServerRefusesIsAClientError() throws Exception {
        try (LiveServer live = new LiveServer(APP, Limits.defaults())) {
            try (Socket sock = new Socket()) {
                sock.connect(new InetSocketAddress("127.0.0.1", live.port), 5000);
                sock.setSoTimeout(10_000);
                OutputStream out = sock.getOutputStream();
                out.write("GET /ok HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                InputStream in = sock.getInputStream();
                String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
            }
            HttpServerMetrics.Snapshot s = live.onLoop(live.server.metrics()::snapshot);
            assertEquals(1, s.clientErrors());
            assertEquals(1, s.responses());
        }
    }

    @Test
    void statusesAreSortedIntoTheirClassesAndAddressesWrittenAsHostPort() {
        HttpServerMetrics m = HttpServer.builder().handler(APP).build().metrics();
        for (int status : new int[] {100, 101, 199, 200, 299, 300, 399, 400, 499, 500, 599, 99, 600}) {
            m.responded(status);
        }
        HttpServerMetrics.Snapshot s = m.snapshot();
        assertEquals(List.of(3L, 2L, 2L, 2L, 2L), List.of(s.informational(), s.successful(), s.redirection(),
                s.clientErrors(), s.serverErrors()), s.toString());
        assertEquals(11, s.responses(), "a status outside 100-599 is in no class");
        m.started(java.net.InetSocketAddress.createUnresolved("example.invalid", 8080));
        try {
            assertEquals("example.invalid:8080", m.snapshot().address());
            assertTrue(HttpServerMetrics.live().contains(m));
        } finally {
            m.stopped();
        }
        m.started(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 8081));
        m.stopped();
        assertEquals("127.0.0.1:8081", m.snapshot().address());
        m.started(java.net.UnixDomainSocketAddress.of("/tmp/x.sock"));
        m.stopped();
        assertEquals("/tmp/x.sock", m.snapshot().address());
        assertFalse(HttpServerMetrics.live().contains(m));
    }

    @Test
    void aServerIsListedLiveWhileItRuns() throws Exception {
        HttpServerMetrics metrics;
        try (LiveServer live = new LiveServer(APP, Limits.defaults())) {
            metrics = live.server.metrics();
            assertTrue(HttpServerMetrics.live().contains(metrics));
            assertEquals("200", curlStatuses(live, "/ok"));
            await().atMost(Duration.ofSeconds(5)).until(() -> metrics.snapshot().successful() == 1);
            assertEquals(1, metrics.snapshot().accepted(), metrics.snapshot().toString());
        }
        assertFalse(HttpServerMetrics.live().contains(metrics));
    }
}
