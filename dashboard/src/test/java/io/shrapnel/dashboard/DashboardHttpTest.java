package io.shrapnel.dashboard;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardHttpTest {
    @TempDir
    static Path dir;
    static Dashboard dashboard;
    static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        dashboard = Dashboards.start(dir);
    }

    @AfterAll
    static void stop() {
        dashboard.close();
    }

    static String base() {
        return "http://127.0.0.1:" + dashboard.port();
    }

    static String token() {
        return URI.create(dashboard.url()).getQuery().substring("token=".length());
    }

    static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePageWithoutTheTokenIsRefused() throws Exception {
        HttpResponse<String> r = get("/");
        assertEquals(403, r.statusCode());
        assertTrue(r.body().contains("token"), r.body());
        assertEquals(403, get("/api/snapshot").statusCode());
        assertEquals(403, get("/static/app.js").statusCode());
    }

    @Test
    void aWrongTokenIsRefusedInTheQueryAndInTheCookie() throws Exception {
        String wrong = token().substring(1) + "x";
        assertEquals(403, get("/?token=" + wrong).statusCode());
        assertEquals(403, get("/api/snapshot", "Cookie", "shrapnel-dashboard-" + dashboard.port() + "=" + wrong).statusCode());
        assertEquals(403, get("/api/snapshot?token=").statusCode());
    }

    @Test
    void theTokenInTheUrlSetsTheCookieAndLeavesTheAddressBar() throws Exception {
        HttpResponse<String> r = get("/?token=" + token());
        assertEquals(303, r.statusCode());
        assertEquals("/", r.headers().firstValue("Location").orElseThrow());
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        HttpResponse<String> page = get("/", "Cookie", cookie.substring(0, cookie.indexOf(';')));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("uPlot.iife.min.js"), page.body());
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElseThrow().contains("default-src 'self'"));
    }

    @Test
    void uPlotIsServedFromTheJar() throws Exception {
        HttpResponse<String> r = get("/static/uPlot.iife.min.js?token=" + token());
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("uPlot"), "uPlot's script");
        assertEquals(404, get("/static/nothing.js?token=" + token()).statusCode());
        assertEquals(404, get("/static/..%2Fapp.js?token=" + token()).statusCode());
    }

    @Test
    void aForeignHostNameIsRefusedEvenWithTheToken() throws Exception {
        // DNS rebinding: a page of evil.example whose name now resolves to 127.0.0.1
        // (the JDK's client does not let a test set Host; a raw request does)
        String raw = RawHttp.exchange(dashboard.port(), "GET /api/snapshot?token=" + token() + " HTTP/1.1\r\nHost: evil.example:"
                + dashboard.port() + "\r\nConnection: close\r\n\r\n");
        assertTrue(raw.startsWith("HTTP/1.1 403"), raw);
        String own = RawHttp.exchange(dashboard.port(), "GET /static/app.css?token=" + token() + " HTTP/1.1\r\nHost: localhost:"
                + dashboard.port() + "\r\nConnection: close\r\n\r\n");
        assertTrue(own.startsWith("HTTP/1.1 200"), own);
        assertFalse(own.contains("Set-Cookie: evil"), own);
    }

    @Test
    void theSnapshotCarriesTheBeansOfThisProcess() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/api/snapshot?token=" + token()).statusCode() == 200);
        await().atMost(Duration.ofSeconds(5)).until(() -> get("/api/snapshot?token=" + token()).body().contains("type=Scheduler"));
        String body = get("/api/snapshot?token=" + token()).body();
        assertTrue(body.startsWith("{\"type\":\"snapshot\""), body);
        assertTrue(body.contains("\"HeapMemoryUsage\":{"), "composites as objects");
        assertTrue(body.contains("io.shrapnel:name=dashboard,type=Scheduler"), "its own loop is a loop too");
        String history = get("/api/history?token=" + token()).body();
        assertTrue(history.contains("\"series\":{"), history);
    }

    @Test
    void itsLoopThreadDoesNotKeepTheJvmAlive() {
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("shrapnel-dashboard"))
                .peek(t -> assertTrue(t.isDaemon(), t + " is a daemon"))
                .count() >= 1, "the dashboard's loop thread");
    }

    @Test
    void theTokenFileIsTheOwnersOnly() throws Exception {
        Path f = dashboard.tokenFile();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertTrue(Files.readString(f).contains("token=" + token()));
        assertTrue(Files.readString(f).contains("url=" + dashboard.url()));
    }
}
