package io.shrapnel.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The README's RPC commands, run as it gives them: two JVMs each. */
class RpcExamplesTest {
    /** A free port under 32768 (above it, Linux hands ports out to clients). */
    private static int freePort() throws IOException {
        for (int p = 27950; p < 28000; p++) {
            try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // try the next
            }
        }
        throw new IOException("no free port in 27950-27999");
    }

    @Test
    void theGreeterClientTalksToTheGreeterServerInAnotherJvm() throws Exception {
        String port = String.valueOf(freePort());
        try (ExampleProcess server = ExampleProcess.start("rpc-server", port)) {
            assertTrue(server.awaitLine("greeter listening on").contains("127.0.0.1:" + port), server.lines().toString());
            try (ExampleProcess client = ExampleProcess.start("rpc-client", "127.0.0.1", port, "reader")) {
                assertEquals(0, client.awaitExit(), String.join("\n", client.lines()));
                String out = String.join("\n", client.lines());
                assertTrue(out.contains("hello reader"), out);
                assertTrue(out.contains("health: SERVING"), out);
            }
        }
    }

    @Test
    void anActorOnOneNodeAnswersAnAskFromAnotherAndItsLossIsSeen() throws Exception {
        String port = String.valueOf(freePort());
        try (ExampleProcess pong = ExampleProcess.start("rpc-ping", "pong", port)) {
            pong.awaitLine("pong node on 127.0.0.1:" + port);
            try (ExampleProcess ping = ExampleProcess.start("rpc-ping", "ping", "127.0.0.1", port, "3")) {
                ping.awaitLine("watching");
                String out = String.join("\n", ping.lines());
                assertTrue(out.contains("pong 1 from") && out.contains("pong 3 from"), out);
                pong.close(); // the pong node goes away: the watcher sees the DOWN
                ping.awaitLine("DOWN ");
            }
        }
    }
}
