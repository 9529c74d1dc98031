package io.shrapnel.codecs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One server connection over memory: the exact bytes that go out for what comes in. */
@ExtendWith(CoroTestExtension.class)
class ServerSessionTest {
    private static final Handler HELLO = (req, res) -> res.send("hello");

    private static MemoryTransport serve(String input, Handler h, Limits limits) throws Exception {
        MemoryTransport t = new MemoryTransport(input);
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> new ServerSession(t, h, limits).run());
        }
        return t;
    }

    private static MemoryTransport serve(String input, Handler h) throws Exception {
        return serve(input, h, Limits.defaults());
    }

    private static String hello(String connection) {
        return "HTTP/1.1 200 OK\r\nDate: *\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 5\r\n"
                + connection + "\r\nhello";
    }

    @Test
    void answersAGetWithExactBytes() throws Exception {
        MemoryTransport t = serve("GET / HTTP/1.1\r\nHost: x\r\n\r\n", HELLO);
        assertEquals(hello(""), t.output());
    }

    @Test
    void keepsTheConnectionAliveAndAnswersPipelinedRequestsInOrder() throws Exception {
        Handler echoPath = (req, res) -> res.send(req.path());
        MemoryTransport t = serve("GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /three HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET /never HTTP/1.1\r\nHost: x\r\n\r\n", echoPath);
        String out = t.output();
        int one = out.indexOf("/one");
        int two = out.indexOf("/two");
        int three = out.indexOf("/three");
        assertTrue(one > 0 && two > one && three > two, out);
        assertTrue(!out.contains("/never"), "nothing is served after Connection: close");
        assertEquals(3, out.split("HTTP/1.1 200 OK").length - 1);
        assertTrue(out.endsWith("Content-Length: 6\r\nConnection: close\r\n\r\n/three"), out);
    }

    @Test
    void http10ClosesUnlessAskedToKeepAlive() throws Exception {
        assertEquals(hello("Connection: close\r\n"), serve("GET / HTTP/1.0\r\n\r\nGET / HTTP/1.0\r\n\r\n", HELLO).output());
        String two = serve("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET / HTTP/1.0\r\n\r\n", HELLO).output();
        assertEquals(hello("Connection: keep-alive\r\n") + hello("Connection: close\r\n"), two);
    }

    @Test
    void headGetsTheHeadOfGetWithoutTheBody() throws Exception {
        assertEquals("HTTP/1.1 200 OK\r\nDate: *\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 5\r\n\r\n",
                serve("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n", HELLO).output());
    }

    @Test
    void streamsAChunkedResponse() throws Exception {
        Handler stream = (req, res) -> {
            OutputStream o = res.contentType("text/plain").outputStream();
            o.write("part1".getBytes());
            o.flush();
            o.write("part22".getBytes());
        };
        assertEquals("HTTP/1.1 200 OK\r\nDate: *\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\npart1\r\n6\r\npart22\r\n0\r\n\r\n", serve("GET / HTTP/1.1\r\nHost: x\r\n\r\n", stream).output());
        // An HTTP/1.0 client cannot read chunks: the body runs to the close.
        assertEquals("HTTP/1.1 200 OK\r\nDate: *\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\npart1part22",
                serve("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", stream).output());
    }

    @Test
    void readsSizedAndChunkedRequestBodies() throws Exception {
        Handler echo = (req, res) -> res.send(req.bodyText());
        String out = serve("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
                + "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhe\r\n3\r\nllo\r\n0\r\n\r\n", echo).output();
        assertEquals(hello("") + hello(""), out);
    }

    @Test
    void skipsAnUnreadBodyToReachTheNextRequest() throws Exception {
        String out = serve("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nXXXXX"
                + "GET / HTTP/1.1\r\nHost: x\r\n\r\n", HELLO).output();
        assertEquals(hello("") + hello(""), out);
    }

    @Test
    void sendsContinueOnlyWhenTheHandlerReadsTheBody() throws Exception {
        Handler echo = (req, res) -> res.send(req.bodyText());
        assertEquals("HTTP/1.1 100 Continue\r\n\r\n" + hello(""),
                serve("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello", echo).output());
        Handler refuse = (req, res) -> res.status(403).send("no");
        String out = serve("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n", refuse).output();
        assertEquals("HTTP/1.1 403 Forbidden\r\nDate: *\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 2\r\n"
                + "Connection: close\r\n\r\nno", out);
        assertTrue(serve("POST / HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\nContent-Length: 5\r\n\r\nhello", echo)
                .output().startsWith("HTTP/1.1 417 Expectation Failed\r\n"));
    }

    private static void assertRefused(int status, String request) throws Exception {
        assertRefused(status, request, Limits.defaults());
    }

    private static void assertRefused(int status, String request, Limits limits) throws Exception {
        assertRefused(status, request, limits, HELLO);
    }

    private static void assertRefused(int status, String request, Limits limits, Handler h) throws Exception {
        MemoryTransport t = serve(request + "GET /after HTTP/1.1\r\nHost: x\r\n\r\n", h, limits);
        String out = t.output();
        assertTrue(out.startsWith("HTTP/1.1 " + status + " "), out);
        assertTrue(out.contains("\r\nConnection: close\r\n"), out);
        assertEquals(1, out.split("\r\nDate: ").length - 1, "exactly one response, then close: " + out);
        assertTrue(t.outputShut, "the close lingers: output shut first");
    }

    @Test
    void everyLimitAndRuleEndsInItsStatusAndAClose() throws Exception {
        assertRefused(400, "GET / HTTP/1.1\r\n\r\n"); // no Host
        assertRefused(400, "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
        assertRefused(400, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        assertRefused(400, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd");
        assertRefused(501, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n");
        assertRefused(414, "GET /" + "a".repeat(100) + " HTTP/1.1\r\nHost: x\r\n\r\n", Limits.defaults().withMaxRequestLine(64));
        assertRefused(431, "GET / HTTP/1.1\r\nHost: x\r\nBig: " + "b".repeat(300) + "\r\n\r\n", Limits.defaults().withMaxHeaderBytes(256));
        assertRefused(431, "GET / HTTP/1.1\r\nHost: x\r\n" + "A: b\r\n".repeat(5) + "\r\n", Limits.defaults().withMaxHeaders(5));
        assertRefused(413, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world", Limits.defaults().withMaxBody(10));
        assertRefused(505, "GET / HTTP/3.0\r\nHost: x\r\n\r\n");
        assertRefused(400, "GET / HTTP/1.1\nHost: x\n\n");
    }

    @Test
    void aChunkedBodyOverTheLimitIs413WhenTheHandlerReadsIt() throws Exception {
        Handler echo = (req, res) -> res.send(req.bodyText());
        assertRefused(413, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nhello \r\n6\r\nworld!\r\n0\r\n\r\n",
                Limits.defaults().withMaxBody(10), echo);
        MemoryTransport t = serve("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", echo);
        assertTrue(t.output().startsWith("HTTP/1.1 400 "), t.output());
    }

    @Test
    void aFailingHandlerGets500AndTheConnectionCloses() throws Exception {
        java.io.PrintStream err = System.err;
        System.setErr(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            MemoryTransport t = serve("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n",
                    (req, res) -> {
                        throw new IllegalStateException("boom");
                    });
            assertTrue(t.output().startsWith("HTTP/1.1 500 Internal Server Error\r\n"), t.output());
            assertEquals(1, t.output().split("HTTP/1.1 ").length - 1, t.output());
        } finally {
            System.setErr(err);
        }
    }

    @Test
    void aTruncatedRequestClosesSilently() throws Exception {
        assertEquals("", serve("GET / HTTP/1.1\r\nHo", HELLO).output());
        assertEquals("", serve("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc",
                (req, res) -> res.send(req.bodyText())).output());
    }

    @Test
    void aHandlerThatSendsNothingAnswersWithAnEmptyBody() throws Exception {
        assertEquals("HTTP/1.1 204 No Content\r\nDate: *\r\n\r\n",
                serve("DELETE /x HTTP/1.1\r\nHost: x\r\n\r\n", (req, res) -> res.status(204)).output());
        assertEquals("HTTP/1.1 200 OK\r\nDate: *\r\nContent-Length: 0\r\n\r\n",
                serve("GET /x HTTP/1.1\r\nHost: x\r\n\r\n", (req, res) -> { }).output());
    }

    @Test
    void routesByMethodAndPathWithParameters() throws Exception {
        Router r = Router.create()
                .get("/users/{id}", (req, res) -> res.send("user " + req.pathParam("id")))
                .post("/users/{id}/name", (req, res) -> res.send("rename " + req.pathParam("id") + " to " + req.bodyText()))
                .get("/files/{rest...}", (req, res) -> res.send("file " + req.pathParam("rest")));
        String out = serve("GET /users/a%20b HTTP/1.1\r\nHost: x\r\n\r\n"
                + "POST /users/7/name HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nbob"
                + "GET /files/a/b/c.txt HTTP/1.1\r\nHost: x\r\n\r\n"
                + "PUT /users/7 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
                + "GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n"
                + "HEAD /users/9 HTTP/1.1\r\nHost: x\r\n\r\n", r).output();
        assertTrue(out.contains("\r\n\r\nuser a b"), out);
        assertTrue(out.contains("\r\n\r\nrename 7 to bob"), out);
        assertTrue(out.contains("\r\n\r\nfile a/b/c.txt"), out);
        assertTrue(out.contains("HTTP/1.1 405 Method Not Allowed\r\nDate: *\r\nAllow: GET, HEAD\r\n"), out);
        assertTrue(out.contains("HTTP/1.1 404 Not Found\r\n"), out);
        assertTrue(out.endsWith("Content-Length: 6\r\n\r\n"), "HEAD: no body: " + out);
        assertTrue(serve("GET /users/%zz HTTP/1.1\r\nHost: x\r\n\r\n", r).output().startsWith("HTTP/1.1 400 "));
    }

    @Test
    void theHeaderTimeoutAnswers408() throws Exception {
        // A client that sends part of a head and then nothing: the source blocks forever (until the timeout).
        MemoryTransport t = new MemoryTransport("GET / HTTP/1.1\r\nHost: x\r\n") {
            boolean sent;

            @Override
            public int read(byte[] buf, int off, int len) {
                if (!sent) {
                    sent = true;
                    return super.read(buf, off, len);
                }
                if (outputShut) {
                    return -1;
                }
                try {
                    io.shrapnel.kernel.Coro.sleep(java.time.Duration.ofDays(1));
                } catch (io.shrapnel.kernel.Interrupted e) {
                    throw e;
                }
                return -1;
            }
        };
        try (TestLoop loop = TestLoop.virtualTime()) {
            long start = loop.clock().nanoTime();
            loop.run(() -> new ServerSession(t, HELLO, Limits.defaults()).run());
            long took = loop.clock().nanoTime() - start;
            assertEquals(java.time.Duration.ofSeconds(10).toNanos(), took);
        }
        assertTrue(t.output().startsWith("HTTP/1.1 408 Request Timeout\r\n"), t.output());
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedQuietlyAfterItsTimeout() throws Exception {
        MemoryTransport t = new MemoryTransport("GET / HTTP/1.1\r\nHost: x\r\n\r\n") {
            @Override
            public int read(byte[] buf, int off, int len) {
                int n = super.read(buf, off, len);
                if (n < 0) {
                    io.shrapnel.kernel.Coro.sleep(java.time.Duration.ofDays(1));
                }
                return n;
            }
        };
        try (TestLoop loop = TestLoop.virtualTime()) {
            long start = loop.clock().nanoTime();
            loop.run(() -> new ServerSession(t, HELLO, Limits.defaults().withIdleTimeout(java.time.Duration.ofSeconds(5))).run());
            assertEquals(java.time.Duration.ofSeconds(5).toNanos(), loop.clock().nanoTime() - start);
        }
        assertEquals(hello(""), t.output());
    }

    @Test
    void pipelinedResponsesLeaveInOneWrite() throws Exception {
        java.util.List<Integer> writes = new java.util.ArrayList<>();
        String two = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".repeat(2);
        MemoryTransport t = new MemoryTransport(two.getBytes(StandardCharsets.ISO_8859_1), 4096) {
            @Override
            public void write(byte[] buf, int off, int len) {
                writes.add(len);
                super.write(buf, off, len);
            }
        };
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> new ServerSession(t, HELLO, Limits.defaults()).run());
        }
        assertEquals(1, writes.size(), "both responses in one write: " + writes);
    }
}
