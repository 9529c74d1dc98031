package io.shrapnel.net;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.testing.LoopbackPorts;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CoroTestExtension.class)
class TcpServerTest {
    /** Each session names the loop it runs on, then echoes. */
    private static void nameAndEcho(TcpSock c) throws Exception {
        try (c) {
            c.sendAll((Coro.current().scheduler().name() + "\n").getBytes(US_ASCII));
            byte[] b;
            while ((b = c.recv(100)).length > 0) {
                c.sendAll(b);
            }
        }
    }

    /** 100 clients from a test loop; returns how many were served by each loop, by name. */
    private static Map<String, Integer> hundredClients(TcpServer.Spread spread) throws Exception {
        List<Scheduler> loops = Scheduler.startLoops("served-" + spread, 2);
        Map<String, Integer> byLoop = new HashMap<>();
        try (TcpServer server = LoopbackPorts.bind(port -> TcpServer.start(new InetSocketAddress(Loopback.V4, port), loops,
                spread, 128, TcpServerTest::nameAndEcho));
             TestLoop clients = TestLoop.create()) {
            clients.run(() -> {
                List<Coro> cs = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    byte[] hello = ("hello " + i).getBytes(US_ASCII);
                    cs.add(Coro.spawn(() -> {
                        try (TcpSock s = TcpSock.create()) {
                            s.connect(server.address());
                            String loop = readLine(s);
                            s.sendAll(hello);
                            assertArrayEquals(hello, s.recvExact(hello.length));
                            byLoop.merge(loop, 1, Integer::sum);
                        }
                    }));
                }
                for (Coro c : cs) {
                    c.join();
                }
            });
            assertEquals(100, server.connectionsPerLoop()[0] + server.connectionsPerLoop()[1]);
        } finally {
            for (Scheduler s : loops) {
                awaitNoCoros(s);
                s.close();
            }
        }
        return byLoop;
    }

    private static void awaitNoCoros(Scheduler s) {
        org.awaitility.Awaitility.await("coros of " + s.name() + " to end").atMost(Duration.ofSeconds(30))
                .until(() -> s.liveCoros() == 0);
    }

    private static String readLine(TcpSock s) throws Exception {
        StringBuilder b = new StringBuilder();
        byte[] one = new byte[1];
        while (s.recvInto(one, 0, 1) > 0 && one[0] != '\n') {
            b.append((char) one[0]);
        }
        return b.toString();
    }

    @Test
    void handOffDealsConnectionsToTheLoopsInTurn() throws Exception {
        Map<String, Integer> byLoop = hundredClients(TcpServer.Spread.HAND_OFF);
        assertEquals(Map.of("served-HAND_OFF-0", 50, "served-HAND_OFF-1", 50), byLoop);
    }

    @Test
    void reusePortLetsEveryLoopAcceptConnectionsOfItsOwn() throws Exception {
        Map<String, Integer> byLoop = hundredClients(TcpServer.Spread.REUSE_PORT);
        assertEquals(100, byLoop.values().stream().mapToInt(Integer::intValue).sum());
        // the kernel hashes the clients' ports: both loops get some (all on one: odds of 2^-99)
        assertTrue(byLoop.getOrDefault("served-REUSE_PORT-0", 0) > 0 && byLoop.getOrDefault("served-REUSE_PORT-1", 0) > 0,
                "connections per loop: " + byLoop);
    }
    @Test
    void aFailedSessionHasItsConnectionClosedAndJoinWaitsForTheListenersToClose() throws Exception {
        List<Scheduler> loops = Scheduler.startLoops("failing", 1);
        List<Throwable> failed = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.shrapnel.kernel.ExceptionNotifier previous = Coro.setExceptionNotifier((coro, error) -> failed.add(error));
        try (TestLoop clients = TestLoop.create()) {
            TcpServer server = LoopbackPorts.bind(port -> TcpServer.start(new InetSocketAddress(Loopback.V4, port),
                    loops, conn -> {
                        throw new java.io.IOException("a session failing on purpose");
                    }));
            clients.run(() -> {
                try (TcpSock c = TcpSock.create()) {
                    c.connect(server.address());
                    byte[] end = Coro.withTimeout(Duration.ofSeconds(10), () -> c.recv(10));
                    assertEquals(0, end.length, "the failed session's connection was closed");
                }
            });
            clients.run(() -> {
                server.close();
                server.join(); // from a coro of another loop
                try (TcpSock c = TcpSock.create()) {
                    assertThrows(java.net.ConnectException.class, () -> c.connect(server.address()),
                            "the listener is closed once join returns");
                }
            });
            assertEquals(1, failed.size(), failed.toString());
            assertEquals("a session failing on purpose", failed.getFirst().getMessage());
        } finally {
            Coro.setExceptionNotifier(previous);
            for (Scheduler s : loops) {
                awaitNoCoros(s);
                s.close();
            }
        }
    }
}
