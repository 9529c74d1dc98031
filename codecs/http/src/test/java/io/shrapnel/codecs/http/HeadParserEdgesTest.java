package io.shrapnel.codecs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The edges of the head parser's rules: exactly at each limit, one past it, and what an error says. */
class HeadParserEdgesTest {
    private static final Limits LIMITS = Limits.defaults();

    private static HeadParser.RequestHead request(String s, Limits limits) throws Exception {
        return HeadParser.readRequest(MemoryTransport.input(s), limits);
    }

    private static HttpProtocolException refused(String s, Limits limits) {
        return assertThrows(HttpProtocolException.class, () -> request(s, limits));
    }

    private static HeadParser.ResponseHead response(String s) throws Exception {
        return HeadParser.readResponse(MemoryTransport.input(s), LIMITS);
    }

    private static int responseRefused(String s) {
        return assertThrows(HttpProtocolException.class, () -> response(s)).status();
    }

    @Test
    void fourEmptyLinesBeforeTheRequestLineAreSkippedAndFiveAreRefused() throws Exception {
        assertEquals("/four", request("\r\n".repeat(4) + "GET /four HTTP/1.1\r\n\r\n", LIMITS).target());
        HttpProtocolException e = refused("\r\n".repeat(5) + "GET /five HTTP/1.1\r\n\r\n", LIMITS);
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("empty lines"), e.getMessage());
    }

    @Test
    void aTargetWithDelOrALatin1ByteIsRefusedAndTheMessageNamesTheByte() {
        HttpProtocolException del = refused("GET /a\u007fb HTTP/1.1\r\n\r\n", LIMITS);
        assertEquals(400, del.status());
        assertTrue(del.getMessage().contains("0x7f"), del.getMessage());
        assertTrue(refused("GET /\u0080 HTTP/1.1\r\n\r\n", LIMITS).getMessage().contains("0x80"));
        assertEquals("/~!$&'()*+,;=:@%20", assertDoesNotThrowTarget("GET /~!$&'()*+,;=:@%20 HTTP/1.1\r\n\r\n"));
    }

    private static String assertDoesNotThrowTarget(String wire) {
        try {
            return request(wire, LIMITS).target();
        } catch (Exception e) {
            throw new AssertionError(wire, e);
        }
    }

    @Test
    void aRequestLineThatStartsWithASpaceIsRefused() {
        HttpProtocolException e = refused(" / HTTP/1.1\r\n\r\n", LIMITS);
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("is not 'METHOD target HTTP/1.1'"), e.getMessage());
        assertEquals(400, refused("GET / \r\n\r\n", LIMITS).status());
        assertEquals(400, refused("GET  HTTP/1.1\r\n\r\n", LIMITS).status(), "two spaces: an empty target");
    }

    @Test
    void theVersionMustBeExactlyHttpSlashDigitDotDigit() throws Exception {
        assertEquals(1, request("GET / HTTP/1.1\r\n\r\n", LIMITS).minor());
        assertEquals(0, request("GET / HTTP/1.0\r\n\r\n", LIMITS).minor());
        // a minor version other than 0 is read as 1.1 (RFC 9112 2.5: the highest minor this server knows)
        assertEquals(1, request("GET / HTTP/1.9\r\n\r\n", LIMITS).minor());
        for (String bad : new String[] {"HTTP/1.10", "HTTP/1", "HTTP/1-1", "HTTP/a.1", "HTTP/1.a", "XTTP/1.1", "HTTP/1.1 "}) {
            assertEquals(400, refused("GET / " + bad + "\r\n\r\n", LIMITS).status(), bad);
        }
        HttpProtocolException two = refused("GET / HTTP/3.0\r\n\r\n", LIMITS);
        assertEquals(505, two.status());
        assertTrue(two.getMessage().contains("HTTP/3.0 is not supported; this is an HTTP/1.1 server"), two.getMessage());
    }

    @Test
    void aResponseVersionOtherThanOneIs502NamingTheClient() {
        HttpProtocolException e = assertThrows(HttpProtocolException.class, () -> response("HTTP/2.0 200 OK\r\n\r\n"));
        assertEquals(502, e.status());
        assertTrue(e.getMessage().contains("this is an HTTP/1.1 client"), e.getMessage());
        assertEquals(502, responseRefused("HTTP/1.x 200 OK\r\n\r\n"));
    }

    @Test
    void statusLinesAtTheirEdges() throws Exception {
        assertEquals(100, response("HTTP/1.1 100 Continue\r\n\r\n").status());
        assertEquals(999, response("HTTP/1.1 999 Odd\r\n\r\n").status());
        assertEquals("", response("HTTP/1.1 200 \r\n\r\n").reason());
        assertEquals("A B", response("HTTP/1.1 200 A B\r\n\r\n").reason());
        for (String bad : new String[] {"HTTP/1.1 099 Low", "HTTP/1.1 000", "HTTP/1.1 20", "HTTP/1.1 2000", "HTTP/1.1 200OK",
                "HTTP/1.1_200 OK", "HTTP/1.1 2/0 OK", "HTTP/1.1 2:0 OK", "HTTP/1.1 20: OK"}) {
            assertEquals(502, responseRefused(bad + "\r\n\r\n"), bad);
        }
    }

    @Test
    void theStatusCodeIsReadDigitByDigit() throws Exception {
        assertEquals(204, response("HTTP/1.1 204 No Content\r\n\r\n").status());
        assertEquals(418, response("HTTP/1.1 418 Teapot\r\n\r\n").status());
        assertEquals(590, response("HTTP/1.1 590 x\r\n\r\n").status());
    }

    @Test
    void theHeaderBudgetCountsTheStartLineAndEndsExactlyAtTheLimit() throws Exception {
        // request line 16 bytes + "A: b\r\n" 6 bytes + final CRLF 2 bytes: a budget of 8 header bytes fits exactly
        Limits eight = LIMITS.withMaxHeaderBytes(8);
        assertEquals("b", request("GET / HTTP/1.1\r\nA: b\r\n\r\n", eight).headers().first("A"));
        assertEquals(431, refused("GET / HTTP/1.1\r\nA: bc\r\n\r\n", eight).status());
        assertEquals(431, refused("GET / HTTP/1.1\r\nA: b\r\nB: c\r\n\r\n", eight).status());
        // a response head the same
        var r = HeadParser.readResponse(MemoryTransport.input("HTTP/1.1 200 OK\r\nA: b\r\n\r\n"), eight);
        assertEquals("b", r.headers().first("a"));
        assertEquals(431, assertThrows(HttpProtocolException.class,
                () -> HeadParser.readResponse(MemoryTransport.input("HTTP/1.1 200 OK\r\nA: bc\r\n\r\n"), eight)).status());
    }

    @Test
    void theHeaderSectionLimitIsNamedInTheMessage() {
        HttpProtocolException e = refused("GET / HTTP/1.1\r\nX: " + "v".repeat(100) + "\r\n\r\n", LIMITS.withMaxHeaderBytes(50));
        assertEquals(431, e.status());
        assertTrue(e.getMessage().contains("50"), e.getMessage());
        // the section reaching its budget exactly before a line: refused before reading it
        HttpProtocolException full = refused("GET / HTTP/1.1\r\nA: bcd\r\n\r\n", LIMITS.withMaxHeaderBytes(8));
        assertEquals(431, full.status());
        assertTrue(full.getMessage().contains("longer than 8 bytes"), full.getMessage());
        HttpProtocolException many = refused("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\n\r\n", LIMITS.withMaxHeaders(1));
        assertTrue(many.getMessage().contains("more than 1 header fields"), many.getMessage());
    }

    @Test
    void fieldValuesKeepInnerWhitespaceAndLoseOuterTabsAndSpaces() throws Exception {
        Headers h = request("GET / HTTP/1.1\r\nA:\t x \t y\t \r\nB:\r\nC:   \r\nD:z\r\n\r\n", LIMITS).headers();
        assertEquals("x \t y", h.first("A"));
        assertEquals("", h.first("B"));
        assertEquals("", h.first("C"));
        assertEquals("z", h.first("D"));
        assertEquals(java.util.List.of("A", "B", "C", "D"), java.util.List.of(h.name(0), h.name(1), h.name(2), h.name(3)));
    }

    @Test
    void aFoldedLineStartingWithATabIsRefused() {
        assertEquals(400, refused("GET / HTTP/1.1\r\nA: b\r\n\tc\r\n\r\n", LIMITS).status());
    }

    @Test
    void theErrorNamesTheBadHeaderNameAndTheControlByte() {
        HttpProtocolException name = refused("GET / HTTP/1.1\r\nBad(Name: x\r\n\r\n", LIMITS);
        assertTrue(name.getMessage().endsWith(": Bad(Name"), name.getMessage());
        HttpProtocolException value = refused("GET / HTTP/1.1\r\nX-V: a\u0001b\r\n\r\n", LIMITS);
        assertTrue(value.getMessage().contains("X-V holds control byte 0x1"), value.getMessage());
    }

    @Test
    void printableShowsControlBytesAsHexAndCutsAtEightyChars() {
        assertEquals("a\\x01b\\x7f\\xe9 ~", HeadParser.printable("a\u0001b\u007f\u00e9 ~"));
        assertEquals("\\x1f", HeadParser.printable("\u001f"));
        String eighty = "x".repeat(80);
        assertEquals(eighty, HeadParser.printable(eighty));
        assertEquals(eighty + "...", HeadParser.printable(eighty + "y"));
        assertEquals("", HeadParser.printable(""));
        // hex escapes count with their four chars: 20 escapes reach the 80
        assertEquals("\\x01".repeat(20), HeadParser.printable("\u0001".repeat(21)));
    }
}
