package io.shrapnel.codecs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.net.TcpSock;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The table's kept-alive connections that wait without their coro ("dormant"), next to silent ones:
 * which deadline the one timer is armed for, what each kind counts when it expires, and when a
 * connection cannot be kept that way. Virtual time, real loopback sockets.
 */
@ExtendWith(CoroTestExtension.class)
class ConnectionTableDormantTest {
    private static final InetAddress A = InetAddress.ofLiteral("10.0.0.1");

    private static TcpSock[][] pairs(int n) throws Exception {
        return ConnectionTableTest.pairs(n);
    }

    private static void closeAll(TcpSock[][] p) throws Exception {
        for (TcpSock[] pair : p) {
            pair[0].close();
            pair[1].close();
        }
    }

    private static boolean closedByServer(TcpSock client) throws Exception {
        return ConnectionTableTest.closedByServer(client);
    }

    /** A connection of {@code t} whose client spoke and whose session now waits for its next request in its coro. */
    private static ServerConnection idleSession(ConnectionTable t, TcpSock serverEnd, TestLoop loop) {
        ServerConnection c = t.add(serverEnd, A, loop.scheduler());
        t.firstBytes(c);
        t.idle(c);
        return c;
    }

    @Test
    void aDormantConnectionDueBeforeASilentOneIsClosedAtItsOwnDeadline() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                TcpSock[][] p = pairs(2);
                ConnectionTable t = new ConnectionTable(Duration.ofSeconds(10), Duration.ofSeconds(2), c -> c.coro = Coro.current());
                long t0 = Coro.now();
                ServerConnection silent = t.add(p[0][1], A, loop.scheduler()); // due at 10 s: the timer is armed for it
                ServerConnection kept = idleSession(t, p[1][1], loop);
                assertEquals(2, t.waiting());
                assertTrue(t.keepWithoutCoro(kept));
                assertEquals(1, t.dormant());
                assertEquals(2, t.waiting(), "it left the idle list for the dormant one");
                assertNull(kept.coro);
                assertTrue(kept.keptAlive && kept.toString().contains("kept alive"), kept.toString());
                Coro.sleepUntil(t0 + Duration.ofSeconds(2).toNanos() - 1);
                assertEquals(1, t.dormant());
                Coro.sleepUntil(t0 + Duration.ofSeconds(2).toNanos());
                Coro.yieldSlice();
                assertEquals(0, t.dormant(), "the timer was moved to the earlier, dormant, deadline");
                assertEquals(1, t.expiredDormant());
                assertEquals(0, t.expiredSilent());
                assertTrue(closedByServer(p[1][0]));
                assertEquals(List.of(silent), t.connections());
                Coro.sleepUntil(t0 + Duration.ofSeconds(10).toNanos());
                Coro.yieldSlice();
                assertEquals(1, t.expiredSilent());
                assertEquals(1, t.expiredDormant());
                assertEquals(0, t.size());
                closeAll(p);
            });
        }
    }

    @Test
    void aSilentConnectionDueBeforeADormantOneIsClosedAtItsOwnDeadline() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                TcpSock[][] p = pairs(2);
                ConnectionTable t = new ConnectionTable(Duration.ofSeconds(2), Duration.ofSeconds(10), c -> c.coro = Coro.current());
                long t0 = Coro.now();
                ServerConnection kept = idleSession(t, p[0][1], loop);
                assertTrue(t.keepWithoutCoro(kept)); // due at 10 s: the timer is armed for it
                ServerConnection silent = t.add(p[1][1], A, loop.scheduler()); // due at 2 s
                Coro.sleepUntil(t0 + Duration.ofSeconds(2).toNanos());
                Coro.yieldSlice();
                assertEquals(0, t.silent(), "the timer was moved to the earlier, silent, deadline");
                assertEquals(1, t.expiredSilent());
                assertFalse(silent.open);
                assertEquals(List.of(kept), t.connections());
                Coro.sleepUntil(t0 + Duration.ofSeconds(10).toNanos() - 1);
                assertEquals(1, t.dormant());
                Coro.sleepUntil(t0 + Duration.ofSeconds(10).toNanos());
                Coro.yieldSlice();
                assertEquals(0, t.dormant());
                assertEquals(1, t.expiredDormant());
                assertTrue(closedByServer(p[0][0]));
                closeAll(p);
            });
        }
    }

    @Test
    void aConnectionClosedRemovedOrOfAStoppingServerIsNotKeptWithoutItsCoro() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                TcpSock[][] p = pairs(3);
                ConnectionTable t = new ConnectionTable(Duration.ofSeconds(10), Duration.ofSeconds(10), c -> c.coro = Coro.current());
                ServerConnection removed = idleSession(t, p[0][1], loop);
                t.remove(removed);
                assertFalse(t.keepWithoutCoro(removed), "no longer in the table");
                ServerConnection sockClosed = idleSession(t, p[1][1], loop);
                p[1][1].close();
                assertFalse(t.keepWithoutCoro(sockClosed), "its socket closed meanwhile");
                assertFalse(sockClosed.open, "and the table forgot it");
                assertEquals(0, t.dormant());
                assertEquals(0, t.waiting());
                ServerConnection last = idleSession(t, p[2][1], loop);
                t.stop();
                assertFalse(t.keepWithoutCoro(last), "the server is stopping");
                assertEquals(0, t.dormant());
                assertEquals(List.of(last), t.connections());
                closeAll(p);
            });
        }
    }
}
