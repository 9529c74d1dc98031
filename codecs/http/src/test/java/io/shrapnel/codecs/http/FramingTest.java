package io.shrapnel.codecs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FramingTest {
    private static Headers h(String... nv) {
        Headers h = new Headers();
        for (int i = 0; i < nv.length; i += 2) {
            h.add(nv[i], nv[i + 1]);
        }
        return h;
    }

    private static int refused(Headers h, int minor) {
        return assertThrows(HttpProtocolException.class, () -> Framing.ofRequest(h, minor, 1000)).status();
    }

    @Test
    void requestWithoutLengthHasNoBody() throws Exception {
        assertEquals(Framing.NONE, Framing.ofRequest(h(), 1, 1000));
        assertEquals(Framing.NONE, Framing.ofRequest(h("Content-Length", "0"), 1, 1000));
    }

    @Test
    void sizedAndChunkedRequests() throws Exception {
        assertEquals(Framing.sized(12), Framing.ofRequest(h("Content-Length", "12"), 1, 1000));
        assertEquals(Framing.sized(12), Framing.ofRequest(h("Content-Length", "12", "content-length", "12"), 1, 1000));
        assertEquals(Framing.sized(12), Framing.ofRequest(h("Content-Length", "12, 12"), 1, 1000));
        assertEquals(Framing.CHUNKED, Framing.ofRequest(h("Transfer-Encoding", "Chunked"), 1, 1000));
    }

    @Test
    void bothTransferEncodingAndContentLengthIsRefused() {
        assertEquals(400, refused(h("Content-Length", "5", "Transfer-Encoding", "chunked"), 1));
        assertEquals(400, refused(h("Transfer-Encoding", "chunked", "Content-Length", "0"), 1));
    }

    @Test
    void differentContentLengthsAreRefused() {
        assertEquals(400, refused(h("Content-Length", "5", "Content-Length", "6"), 1));
        assertEquals(400, refused(h("Content-Length", "5, 6"), 1));
    }

    @Test
    void malformedContentLengthIsRefused() {
        for (String bad : new String[] {"", "-1", "+5", "5a", "0x10", " ", "1 2", "99999999999999999999", "5,"}) {
            assertEquals(400, refused(h("Content-Length", bad), 1), bad);
        }
    }

    @Test
    void bodyAboveTheLimitIs413BeforeReadingIt() {
        assertEquals(413, refused(h("Content-Length", "1001"), 1));
    }

    @Test
    void transferCodingsOtherThanAFinalChunkedAreRefused() {
        assertEquals(501, refused(h("Transfer-Encoding", "gzip"), 1));
        assertEquals(501, refused(h("Transfer-Encoding", "gzip, chunked"), 1));
        assertEquals(400, refused(h("Transfer-Encoding", "chunked, chunked"), 1));
        assertEquals(400, refused(h("Transfer-Encoding", "chunked", "Transfer-Encoding", "chunked"), 1));
        assertEquals(400, refused(h("Transfer-Encoding", "chunked,"), 1));
        assertEquals(400, refused(h("Transfer-Encoding", "\"chunked\""), 1));
        assertEquals(400, refused(h("Transfer-Encoding", "chunked"), 0));
    }

    @Test
    void responseFramingFollowsMethodStatusAndHeaders() throws Exception {
        assertEquals(Framing.NONE, Framing.ofResponse(h("Content-Length", "10"), 200, "HEAD"));
        assertEquals(Framing.NONE, Framing.ofResponse(h("Content-Length", "10"), 304, "GET"));
        assertEquals(Framing.NONE, Framing.ofResponse(h(), 204, "GET"));
        assertEquals(Framing.CHUNKED, Framing.ofResponse(h("Transfer-Encoding", "chunked"), 200, "GET"));
        assertEquals(Framing.UNTIL_CLOSE, Framing.ofResponse(h("Transfer-Encoding", "gzip"), 200, "GET"));
        assertEquals(Framing.UNTIL_CLOSE, Framing.ofResponse(h(), 200, "GET"));
        assertEquals(Framing.sized(10), Framing.ofResponse(h("Content-Length", "10"), 200, "GET"));
        assertEquals(502, assertThrows(HttpProtocolException.class,
                () -> Framing.ofResponse(h("Content-Length", "1", "Content-Length", "2"), 200, "GET")).status());
    }
}
