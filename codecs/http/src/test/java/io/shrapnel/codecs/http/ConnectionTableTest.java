package io.shrapnel.codecs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The server's bookkeeping of connections, the phases' outcomes and the limits, without sockets. */
@ExtendWith(CoroTestExtension.class)
class ConnectionTableTest {
    private static final InetAddress A = InetAddress.ofLiteral("10.0.0.1");
    private static final InetAddress B = InetAddress.ofLiteral("10.0.0.2");
    private static final Handler OK = (req, res) -> res.send("ok");

    @Test
    void countsConnectionsPerAddressUntilTheyAreRemoved() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                ConnectionTable t = new ConnectionTable();
                Coro c1 = Coro.create(loop.scheduler(), "c1", () -> { });
                Coro c2 = Coro.create(loop.scheduler(), "c2", () -> { });
                Coro c3 = Coro.create(loop.scheduler(), "c3", () -> { });
                t.add(c1, A);
                t.add(c2, A);
                t.add(c3, null);
                assertEquals(2, t.from(A));
                assertEquals(0, t.from(B));
                assertEquals(3, t.size());
                t.remove(c1, A);
                assertEquals(1, t.from(A));
                t.remove(c2, A);
                assertEquals(0, t.from(A));
                t.remove(c2, A); // twice: nothing below zero
                assertEquals(0, t.from(A));
                t.remove(c3, null);
                assertEquals(0, t.size());
                assertTrue(t.connections().isEmpty());
            });
        }
    }

    @Test
    void closesTheConnectionIdleTheLongestFirst() throws Exception {
        MemoryTransport first = new MemoryTransport("");
        MemoryTransport second = new MemoryTransport("");
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                ConnectionTable t = new ConnectionTable();
                assertFalse(t.closeLongestIdle(), "nobody is idle");
                ServerSession s1 = new ServerSession(first, OK, Limits.defaults(), t);
                ServerSession s2 = new ServerSession(second, OK, Limits.defaults(), t);
                Coro c1 = Coro.create(loop.scheduler(), "c1", () -> { });
                t.add(c1, A);
                t.session(c1, s1);
                assertEquals(s1, t.connections().get(c1));
                t.idle(s2);
                t.idle(s1);
                t.busy(s2); // s2 got a request: only s1 is idle
                assertTrue(t.closeLongestIdle());
                assertTrue(first.closed && s1.closing());
                assertFalse(second.closed || s2.closing());
                assertFalse(t.closeLongestIdle(), "s1 was taken off the idle list");
                t.idle(s1);
                t.idle(s2);
                t.remove(c1, A); // removing the connection takes its session (s1) off the idle list
                assertTrue(t.closeLongestIdle());
                assertTrue(second.closed);
                assertFalse(t.closeLongestIdle());
            });
        }
    }

    @Test
    void onlyAReadOfARequestIsOwedA408() {
        for (ConnectionIo.Phase p : ConnectionIo.Phase.values()) {
            ConnectionIo.Expired e = new ConnectionIo.Expired(p, "x");
            assertEquals(p, e.phase());
            assertEquals(p == ConnectionIo.Phase.HEAD || p == ConnectionIo.Phase.BODY, e.answerable(), p.toString());
        }
    }

    @Test
    void limitsRefuseZeroAndNullAndCarryEveryValue() {
        Limits d = Limits.defaults();
        assertEquals(1, d.withMaxConnectionsPerAddress(1).maxConnectionsPerAddress());
        assertThrows(IllegalArgumentException.class, () -> d.withMaxConnectionsPerAddress(0));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxConnections(0));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxBody(-1));
        assertThrows(NullPointerException.class, () -> d.withRequestTimeout(null));
        assertEquals(Duration.ofSeconds(3), d.withRequestTimeout(Duration.ofSeconds(3)).requestTimeout());
        assertEquals(Duration.ofSeconds(4), d.withFirstRequestTimeout(Duration.ofSeconds(4)).firstRequestTimeout());
        assertEquals(77, d.withMaxWebSocketMessage(77).maxWebSocketMessage());
        assertEquals(0, d.withMaxBody(0).maxBody());
        Limits all = d.withMaxRequestLine(100).withMaxHeaderBytes(200).withMaxHeaders(3).withMaxBody(5)
                .withHeaderTimeout(Duration.ofSeconds(1)).withIdleTimeout(Duration.ofSeconds(2))
                .withBodyTimeout(Duration.ofSeconds(3)).withMaxConnections(4).withMaxWebSocketMessage(6)
                .withFirstRequestTimeout(Duration.ofSeconds(7)).withRequestTimeout(Duration.ofSeconds(8))
                .withMaxConnectionsPerAddress(9);
        assertEquals(new Limits(100, 200, 3, 5, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3), 4, 6,
                Duration.ofSeconds(7), Duration.ofSeconds(8), 9), all);
        assertEquals(new Limits(8192, 16384, 100, 10L << 20, Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofSeconds(30), 10_000, 1 << 20, Duration.ofSeconds(10), Duration.ofSeconds(60), 1000), d);
    }

    private static String stderrOf(Handler h, String request) throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
        try (TestLoop loop = TestLoop.virtualTime()) {
            MemoryTransport t = new MemoryTransport(request);
            loop.run(() -> new ServerSession(t, h, Limits.defaults()).run());
        } finally {
            System.setErr(err);
        }
        return logged.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aFailureIsLoggedWithTheStatusTheClientGotOrAsAfterItsResponseBegan() throws Exception {
        String get = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
        String before = stderrOf((req, res) -> {
            throw new IllegalStateException("boom");
        }, get);
        assertTrue(before.contains("http: GET failed with 500: java.lang.IllegalStateException: boom"), before);
        String after = stderrOf((req, res) -> {
            res.header("Content-Length", "10").outputStream().write(new byte[3]);
            res.outputStream().flush();
            throw new IllegalStateException("late");
        }, get);
        assertTrue(after.contains("http: GET failed after its response began: java.lang.IllegalStateException: late"), after);
        assertEquals("", stderrOf((req, res) -> {
            throw new HttpProtocolException(403, "no");
        }, get), "a status the handler chose is no failure to log");
    }
}
