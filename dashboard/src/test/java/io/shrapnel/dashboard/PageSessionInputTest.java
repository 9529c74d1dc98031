package io.shrapnel.dashboard;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the page's WebSocket does with a client that is not the page: no token, a foreign Origin,
 * binary data, unknown text, oversized and malformed frames. Each is refused or closed with its code,
 * and no coro of a closed session is left behind.
 */
class PageSessionInputTest {
    @TempDir
    static Path dir;
    static Dashboard dashboard;
    static String token;
    static String origin;

    @BeforeAll
    static void start() throws Exception {
        dashboard = Dashboards.start(dir);
        token = URI.create(dashboard.url()).getQuery().substring("token=".length());
        origin = "Origin: http://127.0.0.1:" + dashboard.port();
    }

    @AfterAll
    static void stop() {
        dashboard.close();
    }

    WsProbe open() throws Exception {
        WsProbe p = new WsProbe(dashboard.port(), "/ws?token=" + token, origin);
        assertTrue(p.upgraded(), p.responseHead);
        assertTrue(p.read().text().startsWith("{\"type\":\"history\""));
        return p;
    }

    /** Coros of page sessions still alive, as the dashboard's own snapshot (JMX) tells. */
    static int liveReaders() throws Exception {
        String snap = RawHttp.exchange(dashboard.port(), "GET /api/snapshot?token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1:"
                + dashboard.port() + "\r\nConnection: close\r\n\r\n");
        Matcher m = Pattern.compile("\"name\":\"dashboard-page-in\"").matcher(snap);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void withoutTheTokenTheUpgradeIsRefused() throws Exception {
        try (WsProbe p = new WsProbe(dashboard.port(), "/ws", origin)) {
            assertTrue(p.responseHead.startsWith("HTTP/1.1 403"), p.responseHead);
        }
        try (WsProbe p = new WsProbe(dashboard.port(), "/ws?token=" + token.replace(token.charAt(3), '~'), origin)) {
            assertTrue(p.responseHead.startsWith("HTTP/1.1 403"), p.responseHead);
        }
    }

    @Test
    void aForeignOrMissingOriginIsRefusedEvenWithTheToken() throws Exception {
        try (WsProbe p = new WsProbe(dashboard.port(), "/ws?token=" + token, "Origin: http://evil.example")) {
            assertTrue(p.responseHead.startsWith("HTTP/1.1 403"), p.responseHead);
        }
        try (WsProbe p = new WsProbe(dashboard.port(), "/ws?token=" + token, "Origin: http://127.0.0.1:" + (dashboard.port() + 1))) {
            assertTrue(p.responseHead.startsWith("HTTP/1.1 403"), p.responseHead);
        }
        try (WsProbe p = new WsProbe(dashboard.port(), "/ws?token=" + token)) {
            assertTrue(p.responseHead.startsWith("HTTP/1.1 403"), p.responseHead);
        }
    }

    @Test
    void theCookieOpensTheSocketToo() throws Exception {
        try (WsProbe p = new WsProbe(dashboard.port(), "/ws", origin, "Cookie: shrapnel-dashboard-" + dashboard.port() + "=" + token)) {
            assertTrue(p.upgraded(), p.responseHead);
        }
    }

    @Test
    void refreshIsAnsweredWithTheNewestSnapshot() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> liveReaders() >= 0 && dashboardHasSampled());
        try (WsProbe p = open()) {
            p.sendText("refresh");
            await().atMost(Duration.ofSeconds(5)).until(() -> p.read().text().startsWith("{\"type\":\"snapshot\""));
        }
    }

    private static boolean dashboardHasSampled() throws Exception {
        return RawHttp.exchange(dashboard.port(), "GET /api/snapshot?token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1:"
                + dashboard.port() + "\r\nConnection: close\r\n\r\n").startsWith("HTTP/1.1 200");
    }

    @Test
    void binaryClosesWith1003() throws Exception {
        try (WsProbe p = open()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> liveReaders() == 1); // the count below can see a session
            p.send(2, new byte[] {1, 2, 3}, true);
            assertEquals(1003, p.readUntilClose().closeCode());
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> liveReaders() == 0);
    }

    @Test
    void aViewOfTheCorosBringsTheirTableInTheNextSnapshots() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(PageSessionInputTest::dashboardHasSampled);
        try (WsProbe p = open()) {
            p.sendText("view coros");
            // the page turned to a view whose tables no snapshot carried: one comes at once, with the coros
            await().atMost(Duration.ofSeconds(10)).until(() -> p.read().text().contains("\"name\":\"dashboard-page-in\""));
            p.sendText("view nodes");
            p.sendText("refresh");
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                String t = p.read().text();
                return t.startsWith("{\"type\":\"snapshot\"") && !t.contains("\"name\":\"dashboard-page-in\"");
            });
        }
    }

    @Test
    void aViewThatIsNoneClosesWith1008() throws Exception {
        try (WsProbe p = open()) {
            p.sendText("view everything");
            assertEquals(1008, p.readUntilClose().closeCode());
        }
    }

    @Test
    void otherTextClosesWith1008() throws Exception {
        try (WsProbe p = open()) {
            p.sendText("{\"cmd\":\"shutdown\"}");
            assertEquals(1008, p.readUntilClose().closeCode());
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> liveReaders() == 0);
    }

    @Test
    void anOversizedMessageClosesWith1009() throws Exception {
        try (WsProbe p = open()) {
            byte[] big = new byte[64 * 1024];
            Arrays.fill(big, (byte) 'a');
            p.send(1, big, true);
            assertEquals(1009, p.readUntilClose().closeCode());
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> liveReaders() == 0);
    }

    @Test
    void anUnmaskedFrameClosesWith1002() throws Exception {
        try (WsProbe p = open()) {
            p.send(1, "refresh".getBytes(StandardCharsets.UTF_8), false);
            assertEquals(1002, p.readUntilClose().closeCode());
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> liveReaders() == 0);
    }

    @Test
    void invalidUtf8ClosesWith1007() throws Exception {
        try (WsProbe p = open()) {
            p.send(1, new byte[] {(byte) 0xc3, (byte) 0x28}, true);
            assertEquals(1007, p.readUntilClose().closeCode());
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> liveReaders() == 0);
    }

    @Test
    void aTruncatedFrameAndAVanishedClientLeaveNothingBehind() throws Exception {
        try (WsProbe p = open()) {
            p.sendRaw(new byte[] {(byte) 0x81, (byte) 0xfe, 0x7f}); // a 16-bit length cut in the middle
        }
        try (WsProbe p = open()) {
            assertFalse(p.responseHead.isEmpty());
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> liveReaders() == 0);
    }
}
