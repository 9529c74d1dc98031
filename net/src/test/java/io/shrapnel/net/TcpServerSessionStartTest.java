package io.shrapnel.net;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.LoopbackPorts;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link TcpServer.SessionStart#ON_FIRST_BYTES}: a connection gets its coro when the client first
 * speaks (or closes), not at accept. Clients are the JDK's blocking sockets on this test's thread.
 */
@ExtendWith(CoroTestExtension.class)
class TcpServerSessionStartTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** Counts sessions started, then echoes until the client closes. */
    private static TcpServer.Session countingEcho(AtomicInteger started) {
        return c -> {
            started.incrementAndGet();
            try (c) {
                byte[] b;
                while ((b = c.recv(100)).length > 0) {
                    c.sendAll(b);
                }
            }
        };
    }

    private static TcpServer start(List<Scheduler> loops, TcpServer.Spread spread, TcpServer.SessionStart start,
                                   TcpServer.Session session) throws Exception {
        return LoopbackPorts.bind(port -> TcpServer.start(new InetSocketAddress(Loopback.V4, port), loops, spread, 128,
                start, session));
    }

    private static long accepted(TcpServer server) {
        long n = 0;
        for (long c : server.connectionsPerLoop()) {
            n += c;
        }
        return n;
    }

    private static int coros(List<Scheduler> loops) {
        return loops.stream().mapToInt(Scheduler::liveCoros).sum();
    }

    private static void echoOnce(Socket s, String text) throws Exception {
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        out.write(text.getBytes(US_ASCII));
        assertArrayEquals(text.getBytes(US_ASCII), in.readNBytes(text.length()));
    }

    private static void closeAll(List<Scheduler> loops) {
        for (Scheduler s : loops) {
            Awaitility.await("coros of " + s.name() + " to end").atMost(PATIENCE).until(() -> s.liveCoros() == 0);
            s.close();
        }
    }

    @Test
    void aSilentConnectionHoldsNoCoroUntilItSpeaks() throws Exception {
        for (TcpServer.Spread spread : TcpServer.Spread.values()) {
            List<Scheduler> loops = Scheduler.startLoops("first-bytes-" + spread, 2);
            AtomicInteger started = new AtomicInteger();
            try (TcpServer server = start(loops, spread, TcpServer.SessionStart.ON_FIRST_BYTES, countingEcho(started))) {
                int acceptors = spread == TcpServer.Spread.REUSE_PORT ? loops.size() : 1;
                Awaitility.await("the acceptors run").atMost(PATIENCE).until(() -> coros(loops) == acceptors);
                try (Socket a = new Socket(Loopback.V4, server.address().getPort());
                     Socket b = new Socket(Loopback.V4, server.address().getPort())) {
                    a.setSoTimeout((int) PATIENCE.toMillis());
                    b.setSoTimeout((int) PATIENCE.toMillis());
                    Awaitility.await("both accepted").atMost(PATIENCE).until(() -> accepted(server) == 2);
                    // Accepted and watched, but no coro yet: the loops hold only their acceptors.
                    assertEquals(acceptors, coros(loops), spread + ": coros before any byte");
                    assertEquals(0, started.get());
                    echoOnce(a, "hello");
                    assertEquals(1, started.get(), spread + ": only the connection that spoke has a session");
                    assertEquals(acceptors + 1, coros(loops));
                    echoOnce(b, "world");
                    echoOnce(a, "again");
                    assertEquals(2, started.get());
                }
                Awaitility.await("sessions end when their clients close").atMost(PATIENCE)
                        .until(() -> coros(loops) == acceptors);
            } finally {
                closeAll(loops);
            }
        }
    }

    @Test
    void aClientThatClosesWithoutSpeakingStartsASessionThatSeesTheEnd() throws Exception {
        List<Scheduler> loops = Scheduler.startLoops("first-bytes-eof", 1);
        AtomicInteger started = new AtomicInteger();
        AtomicInteger sawEnd = new AtomicInteger();
        try (TcpServer server = start(loops, TcpServer.Spread.REUSE_PORT, TcpServer.SessionStart.ON_FIRST_BYTES, c -> {
            started.incrementAndGet();
            try (c) {
                if (c.recv(10).length == 0) {
                    sawEnd.incrementAndGet();
                }
            }
        })) {
            new Socket(Loopback.V4, server.address().getPort()).close();
            Awaitility.await("the session saw the end of stream").atMost(PATIENCE).until(() -> sawEnd.get() == 1);
            assertEquals(1, started.get());
        } finally {
            closeAll(loops);
        }
    }

    @Test
    void atAcceptIsTheDefaultAndStartsTheSessionBeforeAnyByte() throws Exception {
        List<Scheduler> loops = Scheduler.startLoops("at-accept", 1);
        AtomicInteger started = new AtomicInteger();
        try (TcpServer server = LoopbackPorts.bind(port -> TcpServer.start(new InetSocketAddress(Loopback.V4, port),
                loops, TcpServer.Spread.REUSE_PORT, 128, countingEcho(started)));
             Socket a = new Socket(Loopback.V4, server.address().getPort())) {
            Awaitility.await("the session starts at accept").atMost(PATIENCE).until(() -> started.get() == 1);
            a.setSoTimeout((int) PATIENCE.toMillis());
            echoOnce(a, "hi");
        } finally {
            closeAll(loops);
        }
    }

    @Test
    void theStartMustBeGiven() {
        assertThrows(NullPointerException.class, () -> TcpServer.start(new InetSocketAddress(Loopback.V4, 1),
                List.of(), TcpServer.Spread.REUSE_PORT, 1, null, c -> { }));
    }
}
