package io.shrapnel.codecs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.LoopbackPorts;
import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.net.TcpSock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The server's bookkeeping of connections, the phases' outcomes and the limits, without sockets. */
@ExtendWith(CoroTestExtension.class)
class ConnectionTableTest {
    private static final InetAddress A = InetAddress.ofLiteral("10.0.0.1");
    private static final InetAddress B = InetAddress.ofLiteral("10.0.0.2");
    private static final Handler OK = (req, res) -> res.send("ok");

    /** Connected pairs on loopback: {@code [i][0]} the client, {@code [i][1]} the server's end. */
    static TcpSock[][] pairs(int n) throws Exception {
        TcpSock listener = LoopbackPorts.bind(port -> {
            TcpSock l = TcpSock.create();
            l.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            l.listen(16);
            return l;
        });
        TcpSock[][] out = new TcpSock[n][];
        try (listener) {
            for (int i = 0; i < n; i++) {
                TcpSock client = TcpSock.create();
                client.connect(listener.localAddress());
                out[i] = new TcpSock[] {client, listener.accept()};
            }
        }
        return out;
    }

    static boolean closedByServer(TcpSock client) throws Exception {
        return Coro.withTimeout(Duration.ofSeconds(10), () -> client.recv(10)).length == 0;
    }

    @Test
    void countsConnectionsPerAddressAndStartsOneWhenItsClientSpeaks() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                TcpSock[][] p = pairs(3);
                List<ServerConnection> started = new ArrayList<>();
                ConnectionTable t = new ConnectionTable(Duration.ofMinutes(1), started::add);
                ServerConnection c1 = t.add(p[0][1], A, loop.scheduler());
                ServerConnection c2 = t.add(p[1][1], A, loop.scheduler());
                ServerConnection c3 = t.add(p[2][1], null, loop.scheduler());
                assertEquals(2, t.from(A));
                assertEquals(0, t.from(B));
                assertEquals(3, t.size());
                assertEquals(3, t.silent());
                assertEquals(List.of(c1, c2, c3), t.connections());
                p[1][0].sendAll("G".getBytes(StandardCharsets.US_ASCII));
                while (started.isEmpty()) {
                    Coro.yieldSlice(); // the loop runs the readiness action when the byte arrives
                }
                assertEquals(List.of(c2), started, "only the connection whose client spoke is started");
                assertTrue(c1.toString().contains("has not spoken"), c1.toString());
                c2.coro = Coro.current();
                assertTrue(c2.toString().contains(Coro.current().toString()), c2.toString());
                assertEquals(2, t.silent());
                t.firstBytes(c2); // a second readiness (the coro not there yet) starts nothing
                assertEquals(1, started.size());
                t.remove(c1);
                assertTrue(c1.prevAll == null && c1.nextAll == null && c1.prevWaiting == null && c1.nextWaiting == null,
                        "a removed connection holds no neighbours");
                assertEquals(1, t.from(A));
                t.remove(c2);
                assertEquals(0, t.from(A));
                t.remove(c2); // twice: nothing below zero
                assertEquals(0, t.from(A));
                assertEquals(1, t.silent());
                t.remove(c3);
                assertEquals(0, t.size());
                assertEquals(0, t.silent());
                assertTrue(t.connections().isEmpty());
                t.firstBytes(c1); // a removed connection is not started
                assertEquals(1, started.size());
                for (TcpSock[] pair : p) {
                    pair[0].close();
                    pair[1].close();
                }
            });
        }
    }

    @Test
    void closesASilentConnectionFirstThenTheSessionIdleTheLongest() throws Exception {
        MemoryTransport first = new MemoryTransport("");
        MemoryTransport second = new MemoryTransport("");
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                TcpSock[][] p = pairs(3);
                ConnectionTable t = new ConnectionTable(Duration.ofMinutes(1), c -> c.coro = Coro.current());
                assertFalse(t.closeLongestIdle(), "nobody waits");
                ServerConnection c1 = t.add(p[0][1], A, loop.scheduler());
                ServerConnection c2 = t.add(p[1][1], A, loop.scheduler());
                ServerConnection silent = t.add(p[2][1], B, loop.scheduler());
                t.firstBytes(c1);
                t.firstBytes(c2);
                assertTrue(c1.started() && c2.started() && !silent.started());
                c1.session = new ServerSession(first, OK, Limits.defaults(), c1, 0);
                c2.session = new ServerSession(second, OK, Limits.defaults(), c2, 0);
                assertEquals(1, t.waiting(), "started sessions wait only once idle");
                c2.idle(c2.session);
                c1.idle(c1.session);
                c1.idle(c1.session); // twice: listed once
                assertEquals(3, t.waiting());
                c2.busy(c2.session); // c2 got a request: only c1 is idle
                c2.busy(c2.session);
                assertEquals(2, t.waiting());
                assertTrue(t.closeLongestIdle());
                assertTrue(closedByServer(p[2][0]), "the silent connection goes first");
                assertEquals(0, t.from(B));
                assertEquals(2, t.size());
                assertFalse(first.closed);
                assertTrue(t.closeLongestIdle());
                assertTrue(first.closed && c1.session.closing(), "then the session idle the longest");
                assertFalse(second.closed || c2.session.closing());
                assertFalse(t.closeLongestIdle(), "c1 was taken off the idle list");
                c1.idle(c1.session);
                c2.idle(c2.session);
                t.remove(c1); // removing a connection takes it off the idle list
                c1.idle(c1.session); // and a removed connection is not listed again
                assertTrue(t.closeLongestIdle());
                assertTrue(second.closed);
                assertFalse(t.closeLongestIdle());
                for (TcpSock[] pair : p) {
                    pair[0].close();
                    pair[1].close();
                }
            });
        }
    }

    @Test
    void closesEachSilentConnectionWhenItsFirstRequestTimeRunsOut() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                TcpSock[][] p = pairs(3);
                ConnectionTable t = new ConnectionTable(Duration.ofSeconds(10), c -> c.coro = Coro.current());
                long t0 = Coro.now();
                ServerConnection c1 = t.add(p[0][1], A, loop.scheduler());
                Coro.sleep(Duration.ofSeconds(4));
                ServerConnection c2 = t.add(p[1][1], A, loop.scheduler());
                ServerConnection c3 = t.add(p[2][1], A, loop.scheduler());
                t.firstBytes(c3); // c3 spoke: its session keeps the deadline, the table leaves it alone
                Coro.sleepUntil(t0 + Duration.ofSeconds(10).toNanos() - 1);
                assertEquals(2, t.silent());
                assertEquals(0, t.expiredSilent());
                Coro.sleepUntil(t0 + Duration.ofSeconds(10).toNanos());
                Coro.yieldSlice();
                assertEquals(1, t.silent(), "the first is closed at accept + 10 s");
                assertEquals(1, t.expiredSilent());
                assertEquals(List.of(c2, c3), t.connections());
                assertTrue(closedByServer(p[0][0]));
                Coro.sleepUntil(t0 + Duration.ofSeconds(14).toNanos());
                Coro.yieldSlice();
                assertEquals(0, t.silent(), "the second at its own accept + 10 s");
                assertEquals(2, t.expiredSilent());
                assertEquals(List.of(c3), t.connections());
                assertEquals(1, t.from(A));
                ServerConnection c4 = t.add(p[2][0], B, loop.scheduler()); // the timer is armed again
                t.stop();
                assertEquals(0, t.silent());
                assertEquals(List.of(c3), t.connections());
                Coro.sleep(Duration.ofSeconds(20));
                assertEquals(2, t.expiredSilent(), "closing them all disarmed the timer");
                assertFalse(c4.open);
                for (TcpSock[] pair : p) {
                    pair[0].close();
                    pair[1].close();
                }
            });
        }
    }

    @Test
    void aSessionStartedLateKeepsTheFirstRequestDeadlineOfItsAccept() throws Exception {
        long[] answeredAt = {-1};
        MemoryTransport stalls = new MemoryTransport("GET / HTTP/1.1\r\n") {
            @Override
            public void write(byte[] buf, int off, int len) {
                if (answeredAt[0] < 0) {
                    answeredAt[0] = Coro.now();
                }
                super.write(buf, off, len);
            }

            @Override
            public int read(byte[] buf, int off, int len) {
                int n = super.read(buf, off, len);
                if (n < 0) {
                    Coro.sleep(Duration.ofHours(1)); // the rest of the head never comes
                }
                return n;
            }
        };
        Limits limits = Limits.defaults().withFirstRequestTimeout(Duration.ofSeconds(10)).withHeaderTimeout(Duration.ofSeconds(60));
        try (TestLoop loop = TestLoop.virtualTime()) {
            long took = loop.call(() -> {
                long acceptedAt = Coro.now();
                Coro.sleep(Duration.ofSeconds(6)); // silent for 6 s: no coro yet in a server
                new ServerSession(stalls, OK, limits, IdleWatch.NONE, acceptedAt).run();
                return answeredAt[0] - acceptedAt;
            });
            assertEquals(Duration.ofSeconds(10).toNanos(), took);
        }
        String answer = stalls.written.toString(StandardCharsets.ISO_8859_1);
        assertTrue(answer.startsWith("HTTP/1.1 408 ") && answer.contains("within 10000 ms of the connection"), answer);
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
                .withMaxConnectionsPerAddress(9).withKeepCoroWhileIdle(Duration.ofMillis(10));
        assertEquals(new Limits(100, 200, 3, 5, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3), 4, 6,
                Duration.ofSeconds(7), Duration.ofSeconds(8), 9, Duration.ofMillis(10)), all);
        assertEquals(new Limits(8192, 16384, 100, 10L << 20, Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofSeconds(30), 10_000, 1 << 20, Duration.ofSeconds(10), Duration.ofSeconds(60), 1000,
                Duration.ofSeconds(1)), d);
        assertThrows(IllegalArgumentException.class, () -> d.withKeepCoroWhileIdle(Duration.ofMillis(-1)));
        assertThrows(NullPointerException.class, () -> d.withKeepCoroWhileIdle(null));
        assertTrue(d.releasesIdleCoro(), "1 s of a 60 s idle timeout");
        assertFalse(d.withKeepCoroWhileIdle(Duration.ofSeconds(60)).releasesIdleCoro(), "as long as the idle timeout: never");
        assertTrue(d.withKeepCoroWhileIdle(Duration.ZERO).releasesIdleCoro());
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
