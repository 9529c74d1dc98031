package io.shrapnel.codecs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A server session's edges over memory: what it tells its idle watch, the longest request line its
 * buffer takes, the Host messages, a handler that timed out, and the lingering close that reads what
 * the client still sends after a refusal.
 */
@ExtendWith(CoroTestExtension.class)
class ServerSessionEdgesTest {
    private static final String GET = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";

    private static MemoryTransport serve(MemoryTransport t, Handler h, Limits limits, IdleWatch watch) throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> new ServerSession(t, h, limits, watch).run());
        }
        return t;
    }

    private static String serve(String input, Handler h, Limits limits) throws Exception {
        return serve(new MemoryTransport(input), h, limits, IdleWatch.NONE).output();
    }

    @Test
    void tellsItsWatchWhenItWaitsForARequestAndWhenItStopsWaiting() throws Exception {
        List<String> told = new ArrayList<>();
        IdleWatch watch = new IdleWatch() {
            @Override
            public void idle(ServerSession s) {
                told.add("idle " + s.isIdle());
            }

            @Override
            public void busy(ServerSession s) {
                told.add("busy " + s.isIdle());
            }
        };
        String out = serve(new MemoryTransport(GET), (req, res) -> res.send("ok"), Limits.defaults(), watch).output();
        assertTrue(out.startsWith("HTTP/1.1 200 OK"), out);
        // waits for the request, gets it; waits for the next, the stream ends
        assertEquals(List.of("idle true", "busy false", "idle true", "busy false"), told);
    }

    @Test
    void aRequestLineUpToItsLimitFitsTheBufferWhateverTheHeaderLimit() throws Exception {
        Limits limits = Limits.defaults().withMaxRequestLine(20_000).withMaxHeaderBytes(1024);
        String path = "/" + "a".repeat(19_500);
        String out = serve("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n", (req, res) -> res.send(Integer.toString(req.path().length())), limits);
        assertTrue(out.startsWith("HTTP/1.1 200 OK") && out.endsWith("\r\n\r\n" + path.length()), out.substring(0, Math.min(200, out.length())));
    }

    @Test
    void aMissingHostAndTwoHostsGetTheirOwnMessages() throws Exception {
        Handler ok = (req, res) -> res.send("ok");
        String none = serve("GET / HTTP/1.1\r\n\r\n", ok, Limits.defaults());
        assertTrue(none.startsWith("HTTP/1.1 400 ") && none.contains("an HTTP/1.1 request needs a Host header"), none);
        String two = serve("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", ok, Limits.defaults());
        assertTrue(two.startsWith("HTTP/1.1 400 ") && two.contains("more than one Host header"), two);
    }

    @Test
    void aHandlerThatTimedOutGets503() throws Exception {
        Handler slow = (req, res) -> Coro.withTimeout(Duration.ofMillis(10), () -> {
            Coro.sleep(Duration.ofSeconds(5));
            return null;
        });
        String out = serve(GET, slow, Limits.defaults());
        assertTrue(out.startsWith("HTTP/1.1 503 ") && out.contains("the handler timed out"), out);
    }

    @Test
    void aRefusedConnectionReadsWhatItsClientStillSendsBeforeItCloses() throws Exception {
        byte[] junk = new byte[20_000];
        byte[] head = "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1); // no Host: 400
        byte[] input = new byte[head.length + junk.length];
        System.arraycopy(head, 0, input, 0, head.length);
        MemoryTransport t = serve(new MemoryTransport(input, 512), (req, res) -> res.send("ok"), Limits.defaults(), IdleWatch.NONE);
        assertTrue(t.output().startsWith("HTTP/1.1 400 "), t.output());
        assertTrue(t.outputShut, "it stopped sending first");
        assertEquals(-1, t.read(new byte[1], 0, 1), "then read all the client sent, to its end");
    }

    @Test
    void aBrokenEscapeAtTheEndOfASegmentIs400() {
        HttpProtocolException e = assertThrows(HttpProtocolException.class, () -> PathSegments.decode("ab%4"));
        assertEquals(400, e.status());
        assertThrows(HttpProtocolException.class, () -> PathSegments.decode("ab%"));
    }

    @Test
    void aHeaderSetThroughTheResponsesHeadersIsSent() throws Exception {
        String out = serve(GET, (req, res) -> {
            res.headers().set("X-Set-Directly", "yes");
            res.send("ok");
        }, Limits.defaults());
        assertTrue(out.contains("\r\nX-Set-Directly: yes\r\n"), out);
    }

    @Test
    void aSessionThatMayGiveItsCoroUpDoesSoOnceKeepCoroWhileIdleHasPassed() throws Exception {
        MemoryTransport quietAfterOne = new MemoryTransport(GET) {
            @Override
            public int read(byte[] buf, int off, int len) {
                int n = super.read(buf, off, len);
                if (n < 0) {
                    Coro.sleep(Duration.ofHours(1)); // the client keeps the connection and says nothing
                }
                return n;
            }
        };
        Limits limits = Limits.defaults().withKeepCoroWhileIdle(Duration.ofSeconds(10));
        try (TestLoop loop = TestLoop.virtualTime()) {
            long[] result = loop.call(() -> {
                ServerSession s = new ServerSession(quietAfterOne, (req, res) -> res.send("ok"), limits);
                s.mayReleaseCoro = true;
                long t0 = Coro.now();
                boolean released = s.run();
                return new long[] {released ? 1 : 0, Coro.now() - t0};
            });
            assertEquals(1, result[0], "it gave its coro up, the connection kept");
            assertEquals(Duration.ofSeconds(10).toNanos(), result[1], "after exactly keepCoroWhileIdle of silence");
        }
        assertTrue(quietAfterOne.output().startsWith("HTTP/1.1 200 OK"), quietAfterOne.output());
    }
}
