package io.shrapnel.codecs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.EOFException;
import org.junit.jupiter.api.Test;

class HeadParserTest {
    private static final Limits LIMITS = Limits.defaults();

    private static HeadParser.RequestHead parse(String s) throws Exception {
        return HeadParser.readRequest(MemoryTransport.input(s), LIMITS);
    }

    private static int status(String s, Limits limits) {
        return assertThrows(HttpProtocolException.class, () -> HeadParser.readRequest(MemoryTransport.input(s), limits)).status();
    }

    private static int status(String s) {
        return status(s, LIMITS);
    }

    @Test
    void parsesRequestLineAndFieldsTrimmingOptionalWhitespace() throws Exception {
        var h = parse("GET /a/b?x=1 HTTP/1.1\r\nHost: example\r\nX-Two:  a b \t\r\nx-two: c\r\n\r\nBODY");
        assertEquals("GET", h.method());
        assertEquals("/a/b?x=1", h.target());
        assertEquals(1, h.minor());
        assertEquals("example", h.headers().first("host"));
        assertEquals(java.util.List.of("a b", "c"), h.headers().all("X-TWO"));
        assertEquals(3, h.headers().size());
    }

    @Test
    void readsHttp10AndSkipsLeadingEmptyLines() throws Exception {
        var h = parse("\r\n\r\nPOST / HTTP/1.0\r\n\r\n");
        assertEquals(0, h.minor());
        assertEquals("POST", h.method());
    }

    @Test
    void endOfStreamBeforeAnyByteIsNoRequest() throws Exception {
        assertNull(parse(""));
    }

    @Test
    void endOfStreamInsideTheHeadIsAnError() {
        assertThrows(EOFException.class, () -> parse("GET / HTTP/1.1\r\nHost: x\r\n"));
        assertThrows(EOFException.class, () -> parse("GET / HT"));
    }

    @Test
    void longRequestLineIs414() {
        assertEquals(414, status("GET /" + "a".repeat(9000) + " HTTP/1.1\r\n\r\n"));
        assertEquals(414, status("GET /" + "a".repeat(100) + " HTTP/1.1\r\n\r\n", LIMITS.withMaxRequestLine(64)));
    }

    @Test
    void largeHeaderSectionIs431() {
        String big = "GET / HTTP/1.1\r\n" + ("X-Pad: " + "p".repeat(100) + "\r\n").repeat(200) + "\r\n";
        assertEquals(431, status(big));
        assertEquals(431, status("GET / HTTP/1.1\r\nX: " + "v".repeat(20000) + "\r\n\r\n"));
    }

    @Test
    void tooManyHeaderFieldsIs431() throws Exception {
        String many = "GET / HTTP/1.1\r\n" + "A: b\r\n".repeat(101) + "\r\n";
        assertEquals(431, status(many));
        assertEquals(3, HeadParser.readRequest(MemoryTransport.input("GET / HTTP/1.1\r\n" + "A: b\r\n".repeat(3) + "\r\n"),
                LIMITS.withMaxHeaders(3)).headers().size());
        assertEquals(431, status("GET / HTTP/1.1\r\n" + "A: b\r\n".repeat(4) + "\r\n", LIMITS.withMaxHeaders(3)));
    }

    @Test
    void bareLineFeedOrCarriageReturnIs400() {
        assertEquals(400, status("GET / HTTP/1.1\nHost: x\r\n\r\n"));
        assertEquals(400, status("GET / HTTP/1.1\r\nHost: x\n\r\n"));
        assertEquals(400, status("GET / HTTP/1.1\r\nHost: x\ry: z\r\n\r\n"));
    }

    @Test
    void whitespaceBeforeColonAndFoldedLinesAre400() {
        assertEquals(400, status("GET / HTTP/1.1\r\nHost : x\r\n\r\n"));
        assertEquals(400, status("GET / HTTP/1.1\r\nHost: x\r\n continued\r\n\r\n"));
        assertEquals(400, status("GET / HTTP/1.1\r\nNoColon\r\n\r\n"));
        assertEquals(400, status("GET / HTTP/1.1\r\n: empty-name\r\n\r\n"));
    }

    @Test
    void controlBytesInValuesAndTargetsAre400() {
        assertEquals(400, status("GET / HTTP/1.1\r\nX: a\u0000b\r\n\r\n"));
        assertEquals(400, status("GET / HTTP/1.1\r\nX: a\u007fb\r\n\r\n"));
        assertEquals(400, status("GET /a\u0001 HTTP/1.1\r\n\r\n"));
        assertEquals(400, status("GET /caf\u00e9 HTTP/1.1\r\n\r\n"));
    }

    @Test
    void malformedRequestLinesAre400() {
        assertEquals(400, status("GET  / HTTP/1.1\r\n\r\n"));
        assertEquals(400, status("GET / HTTP/1.1 extra\r\n\r\n"));
        assertEquals(400, status("GET /\r\n\r\n"));
        assertEquals(400, status("G(T / HTTP/1.1\r\n\r\n"));
        assertEquals(400, status("GET / HTTP/1.x\r\n\r\n"));
        assertEquals(400, status("GET / http/1.1\r\n\r\n"));
        assertEquals(400, status("\r\n".repeat(10) + "GET / HTTP/1.1\r\n\r\n"));
    }

    @Test
    void otherMajorVersionsAre505() {
        assertEquals(505, status("GET / HTTP/2.0\r\n\r\n"));
        assertEquals(505, status("GET / HTTP/0.9\r\n\r\n"));
    }

    @Test
    void parsesStatusLinesWithAndWithoutReason() throws Exception {
        var r = HeadParser.readResponse(MemoryTransport.input("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"), LIMITS);
        assertEquals(404, r.status());
        assertEquals("Not Found", r.reason());
        assertEquals("0", r.headers().first("content-length"));
        var bare = HeadParser.readResponse(MemoryTransport.input("HTTP/1.0 200\r\n\r\n"), LIMITS);
        assertEquals(200, bare.status());
        assertEquals(0, bare.minor());
        assertEquals(502, assertThrows(HttpProtocolException.class,
                () -> HeadParser.readResponse(MemoryTransport.input("HTTP/1.1 2x0 OK\r\n\r\n"), LIMITS)).status());
        assertEquals(502, assertThrows(HttpProtocolException.class,
                () -> HeadParser.readResponse(MemoryTransport.input("SSH-2.0-OpenSSH\r\n\r\n"), LIMITS)).status());
    }
}
