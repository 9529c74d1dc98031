package io.shrapnel.codecs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The deadlines of a server connection, in virtual time: the attacks of issue 16 that held
 * connections past every per-read timeout, each timed to the nanosecond.
 */
@ExtendWith(CoroTestExtension.class)
class ServerDeadlinesTest {
    private static final Handler READ_ALL = (req, res) -> res.send("read " + req.bodyBytes().length);

    /** Hands out its head at once, then one byte each {@code every}, forever; notes when the answer began. */
    private static class Trickle extends MemoryTransport {
        private final byte trickle;
        private final Duration every;
        private boolean headDone;
        long answeredAt = -1;

        Trickle(String head, byte trickle, Duration every) {
            super(head);
            this.trickle = trickle;
            this.every = every;
        }

        @Override
        public int read(byte[] buf, int off, int len) {
            if (!headDone) {
                int n = super.read(buf, off, len);
                if (n > 0) {
                    return n;
                }
                headDone = true;
            }
            Coro.sleep(every);
            buf[off] = trickle;
            return 1;
        }

        @Override
        public void write(byte[] buf, int off, int len) {
            if (answeredAt < 0) {
                answeredAt = Coro.now();
            }
            super.write(buf, off, len);
        }
    }

    private static Trickle trickling(String head, byte trickle, Duration every) {
        return new Trickle(head, trickle, every);
    }

    /** Serves {@code t} with {@code limits}; returns the virtual time until its first answer byte (or the end). */
    private static Duration serve(Trickle t, Handler h, Limits limits) throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            long start = loop.clock().nanoTime();
            loop.run(() -> new ServerSession(t, h, limits).run());
            return Duration.ofNanos((t.answeredAt >= 0 ? t.answeredAt : loop.clock().nanoTime()) - start);
        }
    }

    /** Serves {@code t} with {@code limits}; returns the virtual time it took. */
    private static Duration serveAll(MemoryTransport t, Handler h, Limits limits) throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            long start = loop.clock().nanoTime();
            loop.run(() -> new ServerSession(t, h, limits).run());
            return Duration.ofNanos(loop.clock().nanoTime() - start);
        }
    }

    @Test
    void aBodyTricklingOneByteEveryThreeSecondsGets408AtTheRequestDeadline() throws Exception {
        Trickle t = trickling("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n", (byte) 'x',
                Duration.ofSeconds(3));
        Duration took = serve(t, READ_ALL, Limits.defaults());
        assertEquals(Duration.ofSeconds(60), took, "requestTimeout, though no read waited longer than 3 s");
        assertTrue(t.output().startsWith("HTTP/1.1 408 Request Timeout\r\n"), t.output());
        assertTrue(t.output().endsWith("the request was not read within 60000 ms\n"), t.output());
    }

    @Test
    void aBodyThatNeverMakesTheReaderWaitStillMeetsTheRequestDeadline() throws Exception {
        byte[] head = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] chunk = "1\r\nx\r\n".getBytes(StandardCharsets.ISO_8859_1);
        try (TestLoop loop = TestLoop.virtualTime()) {
            var clock = loop.clock();
            long start = clock.nanoTime();
            Trickle t = new Trickle("", (byte) 0, Duration.ZERO) {
                private long sent;

                @Override
                public int read(byte[] buf, int off, int len) {
                    // always ready, so the reader never parks; a second passes with each read
                    byte[] src = sent == 0 ? head : chunk;
                    if (sent > 0) {
                        clock.advance(Duration.ofSeconds(1));
                    }
                    System.arraycopy(src, 0, buf, off, src.length);
                    sent += src.length;
                    return src.length;
                }
            };
            loop.run(() -> new ServerSession(t, READ_ALL, Limits.defaults()).run());
            assertEquals(Duration.ofSeconds(60), Duration.ofNanos(t.answeredAt - start));
            assertTrue(t.output().endsWith("the request was not read within 60000 ms\n"), t.output());
        }
    }

    @Test
    void a100ContinueLeavesBeforeTheServerWaitsForTheBody() throws Exception {
        String head = "POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n";
        Trickle t = new Trickle(head, (byte) 0, Duration.ZERO) {
            private boolean headGiven;
            private boolean bodyGiven;

            @Override
            public int read(byte[] buf, int off, int len) {
                if (!headGiven) {
                    headGiven = true;
                    byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
                    System.arraycopy(h, 0, buf, off, h.length);
                    return h.length;
                }
                // like curl: the body only once "100 Continue" has arrived, else the client waits
                if (!bodyGiven && output().startsWith("HTTP/1.1 100 Continue\r\n\r\n")) {
                    bodyGiven = true;
                    System.arraycopy("hello".getBytes(StandardCharsets.ISO_8859_1), 0, buf, off, 5);
                    return 5;
                }
                Coro.sleep(Duration.ofDays(1));
                return -1;
            }
        };
        serve(t, READ_ALL, Limits.defaults());
        assertTrue(t.output().startsWith("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n"), t.output());
        assertTrue(t.output().endsWith("read 5"), t.output());
    }

    @Test
    void aBodyThatStallsGets408AtTheBodyTimeout() throws Exception {
        Trickle t = trickling("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n", (byte) 'x',
                Duration.ofDays(1));
        Duration took = serve(t, READ_ALL, Limits.defaults().withBodyTimeout(Duration.ofSeconds(7)));
        assertEquals(Duration.ofSeconds(7), took);
        assertTrue(t.output().endsWith("the request body stalled for 7000 ms\n"), t.output());
    }

    @Test
    void aConnectionThatSendsNothingIsClosedQuietlyAtTheFirstRequestDeadline() throws Exception {
        Trickle t = trickling("", (byte) 'x', Duration.ofDays(1));
        Duration took = serve(t, READ_ALL, Limits.defaults().withFirstRequestTimeout(Duration.ofSeconds(4)));
        assertEquals(Duration.ofSeconds(4), took, "not the 60 s idle timeout of a kept-alive connection");
        assertEquals("", t.output());
    }

    @Test
    void aFirstRequestTricklingItsHeadGets408AtTheFirstRequestDeadline() throws Exception {
        Trickle t = trickling("GET /", (byte) 'a', Duration.ofSeconds(1));
        Duration took = serve(t, READ_ALL, Limits.defaults().withHeaderTimeout(Duration.ofSeconds(30))
                .withFirstRequestTimeout(Duration.ofSeconds(10)));
        assertEquals(Duration.ofSeconds(10), took);
        assertTrue(t.output().startsWith("HTTP/1.1 408 Request Timeout\r\n"), t.output());
        assertTrue(t.output().endsWith("no complete request within 10000 ms of the connection\n"), t.output());
    }

    @Test
    void theFirstRequestDeadlineDoesNotCutALaterRequest() throws Exception {
        // first request at once, then the second trickles its head for 8 s: within the head timeout
        String two = "GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        byte[] bytes = two.getBytes(StandardCharsets.ISO_8859_1);
        int firstEnd = two.indexOf("GET /2");
        MemoryTransport t = new MemoryTransport(two) {
            private int pos;

            @Override
            public int read(byte[] buf, int off, int len) {
                if (pos == bytes.length) {
                    return -1;
                }
                int n = pos < firstEnd ? firstEnd - pos : 1;
                if (pos >= firstEnd) {
                    Coro.sleep(Duration.ofMillis(200));
                }
                System.arraycopy(bytes, pos, buf, off, n);
                pos += n;
                return n;
            }
        };
        serveAll(t, (req, res) -> res.send(req.path()), Limits.defaults().withFirstRequestTimeout(Duration.ofSeconds(1)));
        assertTrue(t.output().endsWith("\r\n\r\n/2"), t.output());
    }

    @Test
    void aClientThatTakesNoResponseIsClosedAfterTheBodyTimeoutAndNothingIsLoggedAs503() throws Exception {
        MemoryTransport t = new MemoryTransport("GET / HTTP/1.1\r\nHost: x\r\n\r\n") {
            @Override
            public void write(byte[] buf, int off, int len) {
                Coro.sleep(Duration.ofDays(1)); // the client reads nothing
            }
        };
        PrintStream err = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
        Duration took;
        try {
            took = serveAll(t, (req, res) -> res.send("x".repeat(100_000)), Limits.defaults());
        } finally {
            System.setErr(err);
        }
        assertEquals(Duration.ofSeconds(30), took);
        assertFalse(logged.toString(StandardCharsets.UTF_8).contains("503"), logged.toString(StandardCharsets.UTF_8));
    }
}
