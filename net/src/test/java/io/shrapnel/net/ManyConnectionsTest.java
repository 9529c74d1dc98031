package io.shrapnel.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.ClosedError;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 10,000 connections open at once on one loop: one echo each, all held open together, then all
 * closed, with the server's descriptor count back where it started. The clients run in a second
 * JVM on one loop of their own (each process gets its own descriptor limit). If this machine's
 * limit is too low for 10,000, the test runs as many as fit and says so: it never skips.
 */
@ExtendWith(CoroTestExtension.class)
class ManyConnectionsTest {
    private static final int WANTED = 10_000;
    /** Descriptors kept free for the JVM itself (jars, pipes, the selector). */
    private static final int HEADROOM = 300;

    @Test
    void tenThousandConnectionsOnOneLoopEchoThenCloseWithoutLeakingDescriptors() throws Exception {
        long limit = Descriptors.limit();
        int n = (int) Math.min(WANTED, limit - HEADROOM);
        if (n < WANTED) {
            System.out.println("ManyConnectionsTest: the descriptor limit is " + limit + " (ulimit -n); running "
                    + n + " connections instead of " + WANTED + ". Raise it (ulimit -n 20000) for the full test.");
        }
        assertTrue(n >= 500, "the descriptor limit (" + limit + ") is too low even for a scaled-down run");
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> serve(n));
        }
    }

    private static void serve(int n) throws Exception {
        // The JDK keeps one socket open for good from its first socket channel on (its "pre-close"
        // descriptor): make it exist before counting.
        Loopback.listener().close();
        long before = Descriptors.open();
        List<String> was = Descriptors.describe();
        int[] active = {0};
        int[] peak = {0};
        List<Coro> sessions = new ArrayList<>();
        try (TcpSock server = Loopback.listener(Loopback.V4, 4096)) {
            Coro acceptor = Coro.spawn("acceptor", () -> {
                try {
                    while (true) {
                        for (TcpSock c : server.acceptMany(256)) {
                            sessions.add(Coro.spawn(() -> session(c, active, peak)));
                        }
                    }
                } catch (ClosedError listenerClosed) {
                    // the test is over
                }
            });
            PeerProcess clients = PeerProcess.start(clientCommand(Loopback.address(server).getPort(), n));
            try (clients) {
                awaitOutput(clients, "ALL ");
                assertTrue(clients.output().contains("ALL " + n + " failed 0"), clients.output());
                assertEquals(n, active[0], "sessions open at once");
                clients.closeStdin();
                awaitOutput(clients, "CLOSED");
                assertEquals(0, clients.awaitExit(), clients.output());
            }
            for (Coro s : sessions) {
                s.join();
            }
            server.close(); // ends the acceptor
            acceptor.join();
        }
        assertEquals(n, peak[0]);
        assertEquals(0, active[0]);
        // a pass or two selects, which releases the keys (and descriptors) of closed channels; the
        // pipes to the client process close when its output reader sees the end
        for (int i = 0; i < 500 && Descriptors.open() != before; i++) {
            Coro.sleep(Duration.ofMillis(10));
        }
        assertEquals(before, Descriptors.open(), () -> "descriptors leaked; before: " + was + "\nafter: " + describeQuietly());
    }

    private static List<String> describeQuietly() {
        try {
            return Descriptors.describe();
        } catch (IOException e) {
            return List.of(e.toString());
        }
    }

    private static void session(TcpSock c, int[] active, int[] peak) throws IOException {
        active[0]++;
        peak[0] = Math.max(peak[0], active[0]);
        try (c) {
            byte[] b;
            while ((b = c.recv(256)).length > 0) {
                c.sendAll(b);
            }
        } finally {
            active[0]--;
        }
    }

    private static List<String> clientCommand(int port, int n) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Arrays.asList(System.getProperty("shrapnel.jvm.args").trim().split("\\s+")));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ManyClients.class.getName());
        cmd.add(String.valueOf(port));
        cmd.add(String.valueOf(n));
        cmd.add("500");
        return cmd;
    }

    /** Polls the clients' output from a coro (the server loop keeps running), for up to 60 s. */
    private static void awaitOutput(PeerProcess p, String text) {
        for (int i = 0; i < 6000 && !p.output().contains(text); i++) {
            Coro.sleep(Duration.ofMillis(10));
        }
        assertTrue(p.output().contains(text), "clients did not print " + text + ":\n" + p.output());
    }
}
