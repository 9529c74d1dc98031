package io.shrapnel.rpc.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.LoopbackPorts;
import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.mailbox.Registry;
import io.shrapnel.rpc.ActorNode;
import io.shrapnel.rpc.RpcServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The demo programs' {@code run} in this JVM (DemoTest runs their {@code main} as processes): each on
 * the default loop, against the other side on a test loop, over real loopback sockets.
 */
class DemoRunTest {
    /** What a program printed on one stream. */
    private static final class Printed {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    private final Printed out = new Printed();
    private final Printed err = new Printed();

    /** A loopback port nobody listens on, whose next port is free too. */
    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = LoopbackPorts.tcp();
            try (ServerSocket next = new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException inUse) {
                // another pair
            }
        }
        throw new IllegalStateException("no two free ports side by side");
    }

    /** Waits (bounded) until the test loop runs only the test's own coro. */
    private static void awaitOnlyTestCoro() {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (Coro.current().scheduler().liveCoros() > 1) {
            assertTrue(System.nanoTime() < end, "coros left: " + Coro.whereAll());
            Coro.sleep(Duration.ofMillis(1));
        }
    }

    private void assertUsage(int status, String wrong, String usage) {
        assertEquals(2, status, err.text());
        assertEquals(wrong + "\n" + usage + "\n", err.text());
        assertEquals("", out.text());
    }

    @Test
    void argumentsAreTakenInOrderWithTheirDefaultsAndInclusiveLimits() {
        DemoArgs a = new DemoArgs(new String[] {"host", "1", "65535", "7"});
        assertEquals("host", a.text(0, "x"));
        assertEquals("x", a.text(4, "x"));
        assertEquals(1, a.port(1, 9));
        assertEquals(65535, a.port(2, 9));
        assertEquals(9, a.port(4, 9));
        assertEquals(7, a.number(3, 0, 7, 7));
        assertEquals("7 is not in 8-9", assertThrows(IllegalArgumentException.class, () -> a.number(3, 0, 8, 9)).getMessage());
        assertEquals("7 is not in 5-6", assertThrows(IllegalArgumentException.class, () -> a.number(3, 0, 5, 6)).getMessage());
        assertEquals("not a number: host", assertThrows(IllegalArgumentException.class, () -> a.port(0, 9)).getMessage());
        DemoArgs ports = new DemoArgs(new String[] {"0", "65536"});
        assertThrows(IllegalArgumentException.class, () -> ports.port(0, 9));
        assertThrows(IllegalArgumentException.class, () -> ports.port(1, 9));
        assertEquals(a, a.atMost(4));
        assertEquals("too many arguments: 4", assertThrows(IllegalArgumentException.class, () -> a.atMost(3)).getMessage());
    }

    @Test
    void clientTalksToTheDemoServer() throws Exception {
        int port = LoopbackPorts.tcp();
        Printed serverOut = new Printed();
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                RpcServer server = GreeterServer.start(port, serverOut.stream);
                try {
                    int status = Coro.offload(() -> GreeterClient.run(
                            new String[] {"127.0.0.1", Integer.toString(port), "test"}, out.stream, err.stream));
                    assertEquals(0, status, err.text());
                } finally {
                    server.close();
                }
                awaitOnlyTestCoro();
            });
        }
        assertEquals("greeter listening on 127.0.0.1:" + port + " [shrapnel.demo.Greeter, shrapnel.rpc.Health]\n",
                serverOut.text());
        assertEquals("hello test\nhello test #1\nhello test #2\nhello test #3\nhealth: SERVING\n"
                + "services: [shrapnel.demo.Greeter, shrapnel.rpc.Health]\n", out.text());
        assertEquals("", err.text());
    }

    @Test
    void clientWithoutAServerSaysWhyAndFails() throws IOException {
        int port = LoopbackPorts.tcp();
        assertEquals(1, GreeterClient.run(new String[] {"127.0.0.1", Integer.toString(port)}, out.stream, err.stream));
        assertTrue(err.text().startsWith("greeter at 127.0.0.1:" + port + ": "), err.text());
        assertEquals("", out.text());
    }

    @Test
    void clientRejectsBadArguments() {
        assertUsage(GreeterClient.run(new String[] {"127.0.0.1", "port"}, out.stream, err.stream),
                "not a number: port", GreeterClient.USAGE);
    }

    @Test
    void clientRejectsTooManyArguments() {
        assertUsage(GreeterClient.run(new String[] {"127.0.0.1", "1", "a", "b"}, out.stream, err.stream),
                "too many arguments: 4", GreeterClient.USAGE);
    }

    @Test
    void serverRejectsBadArguments() {
        assertUsage(GreeterServer.run(new String[] {"0"}, out.stream, err.stream), "0 is not in 1-65535",
                GreeterServer.USAGE);
    }

    @Test
    void serverRejectsTooManyArguments() {
        assertUsage(GreeterServer.run(new String[] {"27001", "x"}, out.stream, err.stream), "too many arguments: 2",
                GreeterServer.USAGE);
    }

    @Test
    void serverOnATakenPortSaysWhyAndFails() throws IOException {
        int port = LoopbackPorts.tcp();
        try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(1, GreeterServer.run(new String[] {Integer.toString(port)}, out.stream, err.stream));
        }
        assertTrue(err.text().startsWith("cannot listen on 127.0.0.1:" + port + ": "), err.text());
        assertEquals("", out.text());
    }

    @Test
    void pingAsksThePongNodeThenSeesItsDown() throws Exception {
        int port = LoopbackPorts.tcp();
        int own = LoopbackPorts.tcp();
        Printed pongOut = new Printed();
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                ActorNode node = ActorPing.pong(port, pongOut.stream);
                try {
                    // stops the pong node once the ping node watches it
                    loop.spawn("stopper", () -> {
                        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                        while (!out.text().contains("watching") && System.nanoTime() < end) {
                            Coro.sleep(Duration.ofMillis(1));
                        }
                        node.close();
                    });
                    int status = Coro.offload(() -> ActorPing.run(
                            new String[] {"ping", "127.0.0.1", Integer.toString(port), "3", Integer.toString(own)},
                            out.stream, err.stream));
                    assertEquals(0, status, err.text() + out.text());
                } finally {
                    node.close();
                    Actors.stop(Registry.whereis("pong").orElseThrow());
                    Registry.unregister("pong");
                }
                awaitOnlyTestCoro();
            });
        }
        assertEquals("pong node on 127.0.0.1:" + port + "\n", pongOut.text());
        String[] lines = out.text().split("\n");
        assertEquals(6, lines.length, out.text());
        assertEquals("ping node on 127.0.0.1:" + own, lines[0]);
        for (int i = 1; i <= 3; i++) {
            String prefix = "pong " + i + " from pong@127.0.0.1:" + port + " in ";
            assertTrue(lines[i].startsWith(prefix) && lines[i].endsWith(" us"), lines[i]);
            double micros = Double.parseDouble(lines[i].substring(prefix.length(), lines[i].length() - 3));
            assertTrue(micros > 0 && micros < 5e6, "a round trip within the ask's 5 s: " + lines[i]);
        }
        assertEquals("watching pong@127.0.0.1:" + port + "; stop the pong node to see the DOWN", lines[4]);
        assertTrue(lines[5].startsWith("DOWN pong@127.0.0.1:" + port + ": node lost: 127.0.0.1:" + port + " ("), lines[5]);
        assertEquals("", err.text());
    }

    @Test
    void pingWithoutAPongNodeListensNextToItsPortSaysWhyAndFails() throws IOException {
        int port = freePortPair();
        assertEquals(1, ActorPing.run(new String[] {"ping", "127.0.0.1", Integer.toString(port), "1"}, out.stream,
                err.stream));
        assertEquals("ping node on 127.0.0.1:" + (port + 1) + "\n", out.text());
        assertTrue(err.text().startsWith("ping 127.0.0.1:" + port + ": "), err.text());
    }

    @Test
    void pongOnATakenPortSaysWhyAndFails() throws IOException {
        int port = LoopbackPorts.tcp();
        try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(1, ActorPing.run(new String[] {"pong", Integer.toString(port)}, out.stream, err.stream));
        }
        assertTrue(err.text().startsWith("cannot listen on 127.0.0.1:" + port + ": "), err.text());
        assertTrue(Registry.whereis("pong").isEmpty(), "no actor registered by a node that did not start");
    }

    @Test
    void actorPingRejectsAnUnknownMode() {
        assertUsage(ActorPing.run(new String[] {"dance"}, out.stream, err.stream), "unknown mode: dance", ActorPing.USAGE);
    }

    @Test
    void actorPingRejectsTooManyArguments() {
        assertUsage(ActorPing.run(new String[] {"pong", "1", "2"}, out.stream, err.stream), "too many arguments: 3",
                ActorPing.USAGE);
        err.bytes.reset();
        assertUsage(ActorPing.run(new String[] {"ping", "h", "1", "1", "1", "1"}, out.stream, err.stream),
                "too many arguments: 6", ActorPing.USAGE);
    }

    @Test
    void actorPingRejectsANegativeCount() {
        assertUsage(ActorPing.run(new String[] {"ping", "h", "1", "-1"}, out.stream, err.stream),
                "-1 is not in 0-2147483647", ActorPing.USAGE);
    }
}
