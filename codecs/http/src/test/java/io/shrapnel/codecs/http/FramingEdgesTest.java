package io.shrapnel.codecs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Message framing at its edges: lengths at the limit, the longest length, codings, and the statuses without a body. */
class FramingEdgesTest {
    private static Headers h(String... nv) {
        Headers h = new Headers();
        for (int i = 0; i < nv.length; i += 2) {
            h.add(nv[i], nv[i + 1]);
        }
        return h;
    }

    private static HttpProtocolException refused(Headers h) {
        return assertThrows(HttpProtocolException.class, () -> Framing.ofRequest(h, 1, 1000));
    }

    @Test
    void aBodyExactlyAtTheLimitIsAcceptedAndTheErrorNamesBoth() throws Exception {
        assertEquals(Framing.sized(1000), Framing.ofRequest(h("Content-Length", "1000"), 1, 1000));
        HttpProtocolException e = refused(h("Content-Length", "1001"));
        assertEquals(413, e.status());
        assertEquals("the body of 1001 bytes is larger than the limit of 1000", e.getMessage());
    }

    @Test
    void eighteenDigitsAreALengthAndNineteenAreNot() throws Exception {
        assertEquals(Framing.sized(999_999_999_999_999_999L), Framing.ofResponse(h("Content-Length", "999999999999999999"), 200, "GET"));
        assertEquals(502, assertThrows(HttpProtocolException.class,
                () -> Framing.ofResponse(h("Content-Length", "1000000000000000000"), 200, "GET")).status());
        assertEquals(Framing.sized(7), Framing.ofResponse(h("Content-Length", " 7 ,7"), 200, "GET"));
        assertEquals(400, refused(h("Content-Length", "0, 5")).status(), "a zero then another length");
        assertEquals(400, refused(h("Content-Length", "0", "Content-Length", "5")).status());
    }

    @Test
    void anUnknownCodingIs501AndAMalformedOne400() {
        assertEquals(501, refused(h("Transfer-Encoding", "gzip, chunked")).status());
        assertEquals(400, refused(h("Transfer-Encoding", "gzip x, chunked")).status(), "not even a token");
        assertEquals(400, refused(h("Transfer-Encoding", "g(z), chunked")).status());
        HttpProtocolException twice = refused(h("Transfer-Encoding", "chunked, chunked"));
        assertTrue(twice.getMessage().contains("exactly one 'chunked', not 'chunked, chunked'"), twice.getMessage());
        assertEquals(Framing.CHUNKED, assertOk(h("Transfer-Encoding", " , chunked")), "empty list elements are nothing");
        HttpProtocolException both = refused(h("Transfer-Encoding", "chunked", "Content-Length", "3"));
        assertTrue(both.getMessage().contains("request smuggling"), both.getMessage());
        HttpProtocolException old = assertThrows(HttpProtocolException.class,
                () -> Framing.ofRequest(h("Transfer-Encoding", "chunked"), 0, 1000));
        assertEquals("Transfer-Encoding in an HTTP/1.0 request", old.getMessage());
    }

    private static Framing assertOk(Headers h) {
        try {
            return Framing.ofRequest(h, 1, 1000);
        } catch (HttpProtocolException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void responsesWithoutABody() throws Exception {
        Headers ten = h("Content-Length", "10");
        for (int status : new int[] {100, 101, 199, 204, 304}) {
            assertEquals(Framing.NONE, Framing.ofResponse(ten, status, "GET"), "status " + status);
        }
        for (int status : new int[] {200, 203, 205, 299, 303}) {
            assertEquals(Framing.sized(10), Framing.ofResponse(ten, status, "GET"), "status " + status);
        }
        assertEquals(Framing.NONE, Framing.ofResponse(ten, 200, "CONNECT"), "a tunnel");
        assertEquals(Framing.NONE, Framing.ofResponse(ten, 299, "CONNECT"));
        assertEquals(Framing.sized(10), Framing.ofResponse(ten, 300, "CONNECT"), "a refused tunnel has its body");
        assertEquals(Framing.sized(10), Framing.ofResponse(ten, 407, "CONNECT"));
    }

    @Test
    void aResponsesLastCodingDecidesAcrossFields() throws Exception {
        assertEquals(Framing.CHUNKED, Framing.ofResponse(h("Transfer-Encoding", "gzip", "Transfer-Encoding", "Chunked "), 200, "GET"));
        assertEquals(Framing.UNTIL_CLOSE, Framing.ofResponse(h("Transfer-Encoding", "chunked", "Transfer-Encoding", "gzip"), 200, "GET"));
        assertEquals(Framing.CHUNKED, Framing.ofResponse(h("Transfer-Encoding", "chunked", "Content-Length", "5"), 200, "GET"),
                "Transfer-Encoding wins over Content-Length");
    }

    @Test
    void theFramingConstantsAreWhatTheyName() {
        assertEquals(Framing.Kind.NONE, Framing.sized(0).kind());
        assertEquals(0, Framing.NONE.length());
        assertEquals(Framing.Kind.SIZED, Framing.sized(1).kind());
        assertEquals(1, Framing.sized(1).length());
        assertEquals(-1, Framing.CHUNKED.length());
        assertEquals(-1, Framing.UNTIL_CLOSE.length());
    }
}
