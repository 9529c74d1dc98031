package io.shrapnel.codecs.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the client puts on the wire for a request, how it reads the head of the answer, and the request's own rules. */
class ClientRequestWireTest {
    /** The bytes {@code r} goes out as on a fresh connection to its origin. */
    private static String wire(ClientRequest r, boolean absoluteForm) throws Exception {
        MemoryTransport t = new MemoryTransport("");
        ClientConnection c = new ClientConnection(Origin.of(r.uri()), t);
        c.write(r, absoluteForm);
        c.out.flush();
        assertEquals(1, c.uses);
        return t.written.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aGetCarriesHostAndNoLength() throws Exception {
        assertEquals("GET /a/b?x=1%202 HTTP/1.1\r\nHost: example.org\r\nAccept: */*\r\n\r\n",
                wire(ClientRequest.get("http://example.org/a/b?x=1%202").header("Accept", "*/*"), false));
        assertEquals("GET / HTTP/1.1\r\nHost: example.org:8080\r\n\r\n", wire(ClientRequest.get("http://example.org:8080"), false));
        assertEquals("GET /?q HTTP/1.1\r\nHost: h\r\n\r\n", wire(ClientRequest.get("http://h?q"), false));
        assertEquals("HEAD / HTTP/1.1\r\nHost: h\r\n\r\n", wire(ClientRequest.head("http://h/"), false));
    }

    @Test
    void theApplicationsHostWinsAndItsFramingHeadersAreReplaced() throws Exception {
        ClientRequest r = ClientRequest.post("http://h/p", "abc").header("Host", "virtual").header("Content-Length", "99")
                .header("Transfer-Encoding", "gzip");
        assertEquals("POST /p HTTP/1.1\r\nHost: virtual\r\nContent-Length: 3\r\n\r\nabc", wire(r, false));
    }

    @Test
    void bodiesAreSentWithTheirLengthOrChunked() throws Exception {
        assertEquals("PUT / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n", wire(ClientRequest.of("PUT", "http://h/"), false));
        assertEquals("PATCH / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n", wire(ClientRequest.of("PATCH", "http://h/"), false));
        assertEquals("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n", wire(ClientRequest.of("POST", "http://h/"), false));
        assertEquals("DELETE / HTTP/1.1\r\nHost: h\r\n\r\n", wire(ClientRequest.of("DELETE", "http://h/"), false));
        assertEquals("DELETE / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nid",
                wire(ClientRequest.of("DELETE", "http://h/").body("id".getBytes(StandardCharsets.US_ASCII)), false));
        ClientRequest streamed = ClientRequest.of("POST", "http://h/").body(new ByteArrayInputStream("hello".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", wire(streamed, false));
    }

    @Test
    void aProxyGetsTheAbsoluteForm() throws Exception {
        assertEquals("GET http://h:81/x?y HTTP/1.1\r\nHost: h:81\r\n\r\n", wire(ClientRequest.get("http://h:81/x?y"), true));
    }

    @Test
    void connectionCloseMakesTheConnectionSingleUse() throws Exception {
        MemoryTransport t = new MemoryTransport("");
        ClientConnection c = new ClientConnection(Origin.of(URI.create("http://h/")), t);
        c.write(ClientRequest.get("http://h/").header("Connection", "keep-alive"), false);
        assertTrue(c.reusable);
        c.write(ClientRequest.get("http://h/").header("Connection", "Close"), false);
        assertFalse(c.reusable);
        assertEquals(2, c.uses);
        c.close();
        assertTrue(t.closed);
    }

    /** A connection that has sent a {@code method} request and reads {@code answer}. */
    private static ClientConnection answered(String answer) {
        return new ClientConnection(Origin.of(URI.create("http://h/")), new MemoryTransport(answer));
    }

    @Test
    void interimResponsesAreSkippedButASwitchIsTheAnswer() throws Exception {
        ClientConnection c = answered("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: x\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        assertFalse(c.answered);
        ClientResponse r = c.read("GET", URI.create("http://h/"), Limits.defaults());
        assertEquals(200, r.status());
        assertEquals("ok", r.text());
        assertTrue(c.answered);
        assertTrue(c.reusable);
        ClientConnection up = answered("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n");
        assertEquals(101, up.readHead("GET", Limits.defaults()).head().status());
        assertFalse(up.reusable, "the connection now speaks another protocol");
        assertThrows(EOFException.class, () -> answered("").readHead("GET", Limits.defaults()));
    }

    @Test
    void whetherTheConnectionCarriesOnFollowsVersionConnectionAndFraming() throws Exception {
        String[][] cases = {
            {"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", "true"},
            {"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", "false"},
            {"HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", "false"},
            {"HTTP/1.0 200 OK\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n", "true"},
            {"HTTP/1.1 200 OK\r\n\r\n", "false"}, // runs to the close
            {"HTTP/1.1 204 No Content\r\n\r\n", "true"},
        };
        for (String[] c : cases) {
            ClientConnection conn = answered(c[0]);
            conn.read("GET", URI.create("http://h/"), Limits.defaults());
            assertEquals(Boolean.parseBoolean(c[1]), conn.reusable, c[0]);
        }
    }

    @Test
    void aBodyOverTheClientsLimitIs502SizedOrNot() throws Exception {
        Limits ten = Limits.defaults().withMaxBody(10);
        URI u = URI.create("http://h/");
        assertEquals("0123456789", answered("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789").read("GET", u, ten).text());
        assertEquals("0123456789", answered("HTTP/1.1 200 OK\r\n\r\n0123456789").read("GET", u, ten).text());
        HttpProtocolException sized = assertThrows(HttpProtocolException.class,
                () -> answered("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n01234567890").read("GET", u, ten));
        assertEquals(502, sized.status());
        assertEquals("a response body of 11 bytes is larger than the client's limit of 10", sized.getMessage(), "refused before reading it");
        assertEquals(502, assertThrows(HttpProtocolException.class,
                () -> answered("HTTP/1.1 200 OK\r\n\r\n01234567890").read("GET", u, ten)).status());
        assertEquals(502, assertThrows(HttpProtocolException.class,
                () -> answered("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nb\r\n01234567890\r\n0\r\n\r\n").read("GET", u, ten)).status());
    }

    @Test
    void aResponseKnowsItsVersionTextAndHeaders() throws Exception {
        ClientResponse r = answered("HTTP/1.0 201 Made\r\nX-A: 1\r\nContent-Length: 3\r\n\r\nhé".replace("hé", "h\u00c3\u00a9"))
                .read("POST", URI.create("http://h/n"), Limits.defaults());
        assertEquals("HTTP/1.0", r.version());
        assertEquals("hé", r.text());
        assertEquals("1", r.header("x-a"));
        assertNull(r.header("x-b"));
        assertEquals("HTTP/1.0 201 Made (3 bytes) from http://h/n", r.toString());
        assertEquals("HTTP/1.1", answered("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n").read("GET", URI.create("http://h/"), Limits.defaults()).version());
    }

    @Test
    void aRequestNeedsAnAbsoluteHttpUriAndATokenMethod() {
        for (String bad : new String[] {"/relative", "ftp://h/", "http:///nohost", "mailto:a@b"}) {
            assertThrows(IllegalArgumentException.class, () -> ClientRequest.get(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> ClientRequest.of("G T", "http://h/"));
        assertThrows(IllegalArgumentException.class, () -> ClientRequest.of("", "http://h/"));
        assertThrows(NullPointerException.class, () -> ClientRequest.of(null, "http://h/"));
        assertEquals("GET HTTPS://H/", ClientRequest.of("GET", URI.create("HTTPS://H/")).toString());
    }

    @Test
    void onlyByteBodiesCanBeReplayedAndOnlySafeMethodsRetried() {
        ClientRequest r = ClientRequest.post("http://h/", new byte[] {1});
        assertTrue(r.isReplayable());
        r.body(new ByteArrayInputStream(new byte[1]));
        assertFalse(r.isReplayable());
        assertNull(r.bodyBytes());
        r.body(new byte[] {2});
        assertTrue(r.isReplayable());
        assertNull(r.bodyStream());
        for (String m : List.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE")) {
            assertTrue(ClientRequest.of(m, "http://h/").isIdempotent(), m);
        }
        for (String m : List.of("POST", "PATCH", "CONNECT")) {
            assertFalse(ClientRequest.of(m, "http://h/").isIdempotent(), m);
        }
    }

    @Test
    void aRedirectDropsWhatMustNotFollowIt() {
        ClientRequest post = ClientRequest.post("http://h/form", "a=1").header("Content-Type", "text/plain").header("Host", "h")
                .header("Authorization", "secret").header("Cookie", "c=1").header("X-Keep", "k").timeout(Duration.ofSeconds(3));
        ClientRequest seeOther = post.redirectTo(URI.create("http://other/done"), false, false);
        assertEquals("GET", seeOther.method());
        assertEquals(URI.create("http://other/done"), seeOther.uri());
        assertNull(seeOther.bodyBytes());
        assertEquals("X-Keep: k\n", seeOther.headers().toString());
        assertEquals(Duration.ofSeconds(3), seeOther.timeout());
        ClientRequest same = post.redirectTo(URI.create("http://h/again"), true, true);
        assertEquals("POST", same.method());
        assertArrayEquals("a=1".getBytes(StandardCharsets.UTF_8), same.bodyBytes());
        assertEquals("Content-Type: text/plain\nAuthorization: secret\nCookie: c=1\nX-Keep: k\n", same.headers().toString());
        assertEquals("HEAD", ClientRequest.head("http://h/").redirectTo(URI.create("http://h/b"), false, true).method());
    }

    @Test
    void anOriginHasDefaultPortsLowerCaseAndBareIpv6Hosts() {
        Origin o = Origin.of(URI.create("HTTP://Example.ORG/x"));
        assertEquals(new Origin("http", "example.org", 80), o);
        assertEquals("example.org", o.authority());
        assertEquals("http://example.org", o.toString());
        assertFalse(o.isTls());
        Origin s = Origin.of(URI.create("https://h"));
        assertEquals(443, s.port());
        assertTrue(s.isTls());
        assertEquals("h", s.authority());
        assertEquals("h:80", Origin.of(URI.create("https://h:80/")).authority());
        assertEquals("h:443", Origin.of(URI.create("http://h:443/")).authority());
        Origin v6 = Origin.of(URI.create("http://[::1]:8080/"));
        assertEquals("::1", v6.host());
        assertEquals("[::1]:8080", v6.authority());
        assertEquals("[::1]", Origin.of(URI.create("http://[::1]/")).authority());
    }
}
