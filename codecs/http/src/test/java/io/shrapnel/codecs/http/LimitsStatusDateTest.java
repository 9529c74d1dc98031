package io.shrapnel.codecs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The small value classes: limits and their checks, status lines, HTTP dates, tokens, header lists. */
class LimitsStatusDateTest {
    @Test
    void theDefaultsAreTheDocumentedOnes() {
        Limits d = Limits.defaults();
        assertEquals(new Limits(8192, 16384, 100, 10L << 20, Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(30),
                10_000, 1 << 20, Duration.ofSeconds(10), Duration.ofSeconds(60), 1000, Duration.ofSeconds(1)), d);
    }

    @Test
    void eachWithChangesOnlyItsOwnLimit() {
        Limits d = Limits.defaults();
        Duration t = Duration.ofMillis(1234);
        assertEquals(new Limits(1, 16384, 100, 10L << 20, d.headerTimeout(), d.idleTimeout(), d.bodyTimeout(), 10_000, 1 << 20,
                d.firstRequestTimeout(), d.requestTimeout(), 1000, d.keepCoroWhileIdle()), d.withMaxRequestLine(1));
        assertEquals(2, d.withMaxHeaderBytes(2).maxHeaderBytes());
        assertEquals(3, d.withMaxHeaders(3).maxHeaders());
        assertEquals(4, d.withMaxBody(4).maxBody());
        assertEquals(t, d.withHeaderTimeout(t).headerTimeout());
        assertEquals(t, d.withIdleTimeout(t).idleTimeout());
        assertEquals(t, d.withBodyTimeout(t).bodyTimeout());
        assertEquals(5, d.withMaxConnections(5).maxConnections());
        assertEquals(6, d.withMaxWebSocketMessage(6).maxWebSocketMessage());
        assertEquals(t, d.withFirstRequestTimeout(t).firstRequestTimeout());
        assertEquals(t, d.withRequestTimeout(t).requestTimeout());
        assertEquals(7, d.withMaxConnectionsPerAddress(7).maxConnectionsPerAddress());
        assertEquals(t, d.withKeepCoroWhileIdle(t).keepCoroWhileIdle());
        Limits all = d.withMaxRequestLine(1).withMaxHeaderBytes(2).withMaxHeaders(3).withMaxBody(4).withHeaderTimeout(t)
                .withIdleTimeout(t).withBodyTimeout(t).withMaxConnections(5).withMaxWebSocketMessage(6).withFirstRequestTimeout(t)
                .withRequestTimeout(t).withMaxConnectionsPerAddress(7).withKeepCoroWhileIdle(t);
        assertEquals(new Limits(1, 2, 3, 4, t, t, t, 5, 6, t, t, 7, t), all);
    }

    @Test
    void limitsOutOfRangeAreRefusedWithTheirName() {
        Limits d = Limits.defaults();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withMaxRequestLine(0)).getMessage().startsWith("maxRequestLine"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withMaxHeaderBytes(0)).getMessage().startsWith("maxHeaderBytes"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withMaxHeaders(-1)).getMessage().startsWith("maxHeaders"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withMaxConnections(0)).getMessage().startsWith("maxConnections"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withMaxWebSocketMessage(0)).getMessage().startsWith("maxWebSocketMessage"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withMaxConnectionsPerAddress(0)).getMessage()
                .startsWith("maxConnectionsPerAddress"));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxBody(-1));
        assertEquals(0, d.withMaxBody(0).maxBody());
        assertEquals(65536, d.withMaxRequestLine(65536).maxRequestLine());
        assertThrows(IllegalArgumentException.class, () -> d.withMaxRequestLine(65537));
        assertEquals(1 << 20, d.withMaxHeaderBytes(1 << 20).maxHeaderBytes());
        assertThrows(IllegalArgumentException.class, () -> d.withMaxHeaderBytes((1 << 20) + 1));
        for (int i = 0; i < 6; i++) {
            Duration[] ts = {Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO};
            ts[i] = null;
            assertThrows(NullPointerException.class, () -> new Limits(1, 1, 1, 1, ts[0], ts[1], ts[2], 1, 1, ts[3], ts[4], 1, ts[5]));
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withKeepCoroWhileIdle(Duration.ofNanos(-1))).getMessage()
                .startsWith("keepCoroWhileIdle"));
    }

    @Test
    void statusLinesCarryTheirReasonAndAreShared() {
        assertEquals("HTTP/1.1 200 OK\r\n", new String(Status.statusLine(200), StandardCharsets.ISO_8859_1));
        assertEquals("HTTP/1.1 431 Request Header Fields Too Large\r\n", new String(Status.statusLine(431), StandardCharsets.ISO_8859_1));
        assertEquals("HTTP/1.1 599 Status 599\r\n", new String(Status.statusLine(599), StandardCharsets.ISO_8859_1));
        assertEquals("HTTP/1.1 100 Continue\r\n", new String(Status.statusLine(100), StandardCharsets.ISO_8859_1));
        assertSame(Status.statusLine(404), Status.statusLine(404), "encoded once");
        assertThrows(IllegalArgumentException.class, () -> Status.statusLine(99));
        assertThrows(IllegalArgumentException.class, () -> Status.statusLine(600));
        assertEquals("Status 600", Status.reason(600));
        assertEquals("Status -1", Status.reason(-1));
        assertEquals("HTTP Version Not Supported", Status.reason(505));
        assertEquals("Switching Protocols", Status.reason(101));
    }

    @Test
    void httpDatesAreImfFixdateAndParseLeniently() {
        Instant t = Instant.parse("1994-11-06T08:49:37Z");
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDate.format(t));
        assertEquals(t, HttpDate.parse("Sun, 06 Nov 1994 08:49:37 GMT"));
        assertEquals(t, HttpDate.parse("  Sun, 06 Nov 1994 08:49:37 GMT "));
        assertNull(HttpDate.parse(null));
        assertNull(HttpDate.parse("Sunday, 06-Nov-94 08:49:37"));
        assertNull(HttpDate.parse(""));
        String now = HttpDate.now();
        Instant parsed = HttpDate.parse(now);
        long drift = Math.abs(parsed.getEpochSecond() - Instant.now().getEpochSecond());
        assertTrue(drift <= 2, now);
        assertTrue(now.endsWith(" GMT") && now.length() == 29, now);
    }

    @Test
    void tokensAndFieldValueBytes() {
        assertTrue(Tokens.isToken("!#$%&'*+-.^_`|~09azAZ"));
        assertFalse(Tokens.isToken(""));
        for (char c : "\"(),/:;<=>?@[\\]{} \t\u007f\u00e9".toCharArray()) {
            assertFalse(Tokens.isTchar(c), "char " + (int) c);
        }
        assertFalse(Tokens.isTchar('\u0100'));
        assertTrue(Tokens.isFieldValueChar('\t'));
        assertTrue(Tokens.isFieldValueChar(' '));
        assertTrue(Tokens.isFieldValueChar('~'));
        assertTrue(Tokens.isFieldValueChar('\u0080'));
        assertTrue(Tokens.isFieldValueChar('\u00ff'));
        assertFalse(Tokens.isFieldValueChar('\u001f'));
        assertFalse(Tokens.isFieldValueChar('\u007f'));
        assertFalse(Tokens.isFieldValueChar('\u0100'));
        assertFalse(Tokens.isFieldValueChar('\n'));
    }

    @Test
    void headersListAndCountFieldsByNameInOrder() {
        Headers h = new Headers().add("A", "1").add("b", "2").add("a", "3");
        assertEquals(3, h.size());
        assertEquals(2, h.count("A"));
        assertEquals(0, h.count("c"));
        assertEquals(java.util.List.of("1", "3"), h.all("a"));
        assertEquals(java.util.List.of(), h.all("c"));
        assertEquals("a", h.name(2));
        assertEquals("2", h.value(1));
        StringBuilder seen = new StringBuilder();
        h.forEach((n, v) -> seen.append(n).append('=').append(v).append(';'));
        assertEquals("A=1;b=2;a=3;", seen.toString());
        assertTrue(h.has("B"));
        assertFalse(h.has("c"));
        assertFalse(h.remove("c"));
        assertTrue(h.remove("a"));
        assertEquals("b: 2\n", h.toString());
        h.clear();
        assertEquals(0, h.size());
        assertNull(h.first("b"));
        assertFalse(h.hasToken("b", "2"));
    }

    @Test
    void setAndAddChainAndTheHighestLatin1ByteIsAValue() {
        Headers h = new Headers().set("A", "1").set("A", "2").set("B", "\u00ff").add("C", "3").set("C", "4");
        assertEquals("A: 2\nB: \u00ff\nC: 4\n", h.toString());
        assertThrows(IllegalArgumentException.class, () -> h.set("D", "\u0100"));
    }

    @Test
    void aProtocolExceptionPrintsItsStatus() {
        HttpProtocolException e = new HttpProtocolException(418, "teapot");
        assertEquals(418, e.status());
        assertEquals("HttpProtocolException(418): teapot", e.toString());
    }

    @Test
    void theCurrentDateIsTheClocksSecondInTheImfFormat() {
        Instant before = Instant.ofEpochSecond(Instant.now().getEpochSecond());
        Instant now = HttpDate.parse(HttpDate.now());
        Instant after = Instant.now();
        assertTrue(now != null && !now.isBefore(before) && !now.isAfter(after), before + " <= " + now + " <= " + after);
        String text = HttpDate.now();
        assertEquals(text, HttpDate.format(HttpDate.parse(text)));
    }
}
