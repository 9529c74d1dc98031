package io.shrapnel.codecs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The head a handler's response goes out with: what the server adds, replaces and refuses. */
@ExtendWith(CoroTestExtension.class)
class ResponseHeadTest {
    private static String serve(String input, Handler h) throws Exception {
        MemoryTransport t = new MemoryTransport(input);
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> new ServerSession(t, h, Limits.defaults()).run());
        }
        return t.output();
    }

    private static final String GET = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";

    @Test
    void theServerOwnsDateConnectionAndTransferEncoding() throws Exception {
        Handler h = (req, res) -> res.header("Date", "then").header("Connection", "keep-alive").header("Transfer-Encoding", "gzip")
                .header("X-Mine", "1").send("ok");
        assertEquals("HTTP/1.1 200 OK\r\nDate: *\r\nX-Mine: 1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 2\r\n\r\nok",
                serve(GET, h));
    }

    @Test
    void aHandlersConnectionCloseEndsTheConnectionAfterItsResponse() throws Exception {
        Handler h = (req, res) -> res.header("Connection", "close").send("bye");
        String out = serve(GET + GET, h);
        assertEquals("HTTP/1.1 200 OK\r\nDate: *\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 3\r\nConnection: close\r\n\r\nbye",
                out, "one response only");
    }

    @Test
    void aHandlersContentLengthMakesAStreamedBodySized() throws Exception {
        Handler h = (req, res) -> {
            res.header("Content-Length", "4");
            OutputStream o = res.outputStream();
            assertSame(o, res.outputStream(), "one body stream");
            o.write("ab".getBytes(StandardCharsets.US_ASCII));
            o.write("cd".getBytes(StandardCharsets.US_ASCII));
        };
        assertEquals("HTTP/1.1 200 OK\r\nDate: *\r\nContent-Length: 4\r\n\r\nabcd", serve(GET, h));
    }

    @Test
    void noContentAndNotModifiedCarryNoBodyAndNoLength() throws Exception {
        assertEquals("HTTP/1.1 204 No Content\r\nDate: *\r\n\r\n", serve(GET, (req, res) -> res.status(204)));
        assertEquals("HTTP/1.1 304 Not Modified\r\nDate: *\r\nETag: \"e\"\r\n\r\n",
                serve(GET, (req, res) -> res.status(304).header("ETag", "\"e\"")));
        assertEquals("HTTP/1.1 204 No Content\r\nDate: *\r\n\r\n" + "HTTP/1.1 204 No Content\r\nDate: *\r\n\r\n",
                serve(GET + GET, (req, res) -> res.status(204).outputStream()), "the connection carries on after a body-less answer");
    }

    @Test
    void anHttp10ClientKeptAliveIsToldSo() throws Exception {
        Handler h = (req, res) -> res.send("k");
        String out = serve("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", h);
        assertEquals("HTTP/1.1 200 OK\r\nDate: *\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 1\r\nConnection: keep-alive\r\n\r\nk", out);
    }

    @Test
    void anAnswerBeforeTheContinueClosesTheConnection() throws Exception {
        // the client holds its body back for 100 Continue; answered without reading it, the server cannot find the next request
        String out = serve("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello" + GET,
                (req, res) -> res.status(403).send("no"));
        assertTrue(out.startsWith("HTTP/1.1 403 Forbidden\r\n"), out);
        assertTrue(out.endsWith("Content-Length: 2\r\nConnection: close\r\n\r\nno"), out);
        assertFalse(out.contains("100 Continue"), out);
        String read = serve("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello" + GET,
                (req, res) -> res.send(req.bodyText()));
        assertTrue(read.startsWith("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n"), read);
        assertEquals(2, read.split("HTTP/1.1 200 OK").length - 1, "read: the connection carries on: " + read);
        String once = serve("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello",
                (req, res) -> {
                    req.body().read();
                    req.body().read();
                    res.send("x");
                });
        assertEquals(1, once.split("100 Continue").length - 1, "one 100 Continue: " + once);
    }

    @Test
    void aContinueIsNotSentOnceTheResponseBegan() throws Exception {
        String out = serve("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello", (req, res) -> {
            OutputStream o = res.outputStream();
            o.write('a');
            o.write(req.bodyBytes());
        });
        assertFalse(out.contains("100 Continue"), out);
        assertTrue(out.contains("\r\n\r\n1\r\na\r\n5\r\nhello\r\n0\r\n\r\n"), out);
    }

    @Test
    void statusAndHeadersAreFixedOnceTheHeadIsOut() throws Exception {
        String out = serve(GET, (req, res) -> {
            assertThrows(IllegalArgumentException.class, () -> res.status(199));
            assertThrows(IllegalArgumentException.class, () -> res.status(600));
            IllegalArgumentException upgrade = assertThrows(IllegalArgumentException.class, () -> res.status(101));
            assertTrue(upgrade.getMessage().contains("WebSocket.upgrade"), upgrade.getMessage());
            res.status(599).status(200);
            assertEquals(200, res.status());
            assertFalse(res.isCommitted());
            res.send("x".getBytes(StandardCharsets.US_ASCII), 0, 1);
            assertTrue(res.isCommitted());
            assertThrows(IllegalStateException.class, () -> res.status(500));
            assertThrows(IllegalStateException.class, () -> res.header("X", "y"));
            assertThrows(IllegalStateException.class, () -> res.send("again"));
            assertEquals("1", res.headers().first("Content-Length"));
        });
        assertTrue(out.startsWith("HTTP/1.1 200 OK\r\n") && out.endsWith("\r\n\r\nx"), out);
    }

    @Test
    void aTypeSetByTheHandlerIsKeptForText() throws Exception {
        String out = serve(GET, (req, res) -> res.contentType("text/html").send("<b>é</b>"));
        assertEquals("HTTP/1.1 200 OK\r\nDate: *\r\nContent-Type: text/html\r\nContent-Length: 9\r\n\r\n<b>\u00c3\u00a9</b>", out);
    }

    @Test
    void everyResponseCarriesTheDateInImfFixdate() throws Exception {
        MemoryTransport t = new MemoryTransport(GET);
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> new ServerSession(t, (req, res) -> res.send("d"), Limits.defaults()).run());
        }
        String raw = t.written.toString(StandardCharsets.ISO_8859_1);
        assertTrue(raw.matches("(?s)HTTP/1\\.1 200 OK\r\nDate: [A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT\r\n.*"), raw);
    }

    @Test
    void aHandlerFailingWithAnIoErrorGets500OnlyIfNothingWasSent() throws Exception {
        String before = serve(GET + GET, (req, res) -> {
            throw new java.io.IOException("disk gone");
        });
        assertTrue(before.startsWith("HTTP/1.1 500 Internal Server Error\r\n"), before);
        assertTrue(before.endsWith("internal error\n"), before);
        String after = serve(GET + GET, (req, res) -> {
            res.outputStream().write('p');
            res.outputStream().flush();
            throw new java.io.IOException("disk gone midway");
        });
        assertTrue(after.startsWith("HTTP/1.1 200 OK\r\n"), after);
        assertFalse(after.contains("500"), "the head was out: the connection just ends: " + after);
        assertEquals(1, after.split("HTTP/1.1 ").length - 1, after);
    }

    @Test
    void aLaterRequestWhoseHeadStallsIsToldItsHeadTimedOut() throws Exception {
        // one whole request, then half a head, then nothing until the server gives up
        MemoryTransport t = new MemoryTransport((GET + "GET /2 HTTP/1.1\r\nHo").getBytes(StandardCharsets.ISO_8859_1), 1 << 16) {
            @Override
            public int read(byte[] buf, int off, int len) {
                int n = super.read(buf, off, len);
                if (n >= 0 || outputShut) {
                    return n;
                }
                io.shrapnel.kernel.Coro.sleep(java.time.Duration.ofDays(1));
                return -1;
            }
        };
        Limits limits = Limits.defaults().withHeaderTimeout(java.time.Duration.ofSeconds(2));
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> new ServerSession(t, (req, res) -> res.send("one"), limits).run());
        }
        String out = t.output();
        assertTrue(out.contains("\r\n\r\noneHTTP/1.1 408 Request Timeout\r\n"), out);
        assertTrue(out.endsWith("the request head did not arrive within 2000 ms\n"), out);
    }

    @Test
    void aPartOfAnArrayIsSentWithItsOwnLength() throws Exception {
        String out = serve(GET, (req, res) -> res.send("0123456789".getBytes(StandardCharsets.US_ASCII), 3, 4));
        assertEquals("HTTP/1.1 200 OK\r\nDate: *\r\nContent-Length: 4\r\n\r\n3456", out);
    }
}
