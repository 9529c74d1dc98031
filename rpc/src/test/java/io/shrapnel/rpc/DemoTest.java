package io.shrapnel.rpc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.rpc.demo.ActorPing;
import io.shrapnel.rpc.demo.GreeterClient;
import io.shrapnel.rpc.demo.GreeterServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The demo programs of the README, each in its own JVM, as bin/rpc-demo runs them. */
class DemoTest {
    @Test
    void clientTalksToServer() throws Exception {
        int port = Ports.free();
        Process server = Jvm.start(GreeterServer.class, "greeter listening", Integer.toString(port));
        try {
            String out = Jvm.run(GreeterClient.class, "127.0.0.1", Integer.toString(port), "test");
            assertTrue(out.contains("hello test\nhello test #1\nhello test #2\nhello test #3\n"), out);
            assertTrue(out.contains("health: SERVING"), out);
            assertTrue(out.contains("services: [shrapnel.demo.Greeter, shrapnel.rpc.Health]"), out);
        } finally {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void actorPingBetweenTwoNodes() throws Exception {
        int port = Ports.free();
        Process pong = Jvm.start(ActorPing.class, "pong node", "pong", Integer.toString(port));
        Process ping = null;
        try {
            ping = new ProcessBuilder(Jvm.command(ActorPing.class, "ping", "127.0.0.1", Integer.toString(port), "3"))
                    .redirectErrorStream(true).start();
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(ping.getInputStream()));
            StringBuilder seen = new StringBuilder();
            for (String line; (line = out.readLine()) != null; ) {
                seen.append(line).append('\n');
                if (line.startsWith("watching")) {
                    pong.destroyForcibly();
                }
            }
            String text = seen.toString();
            assertTrue(text.contains("pong 3 from pong@127.0.0.1:" + port), text);
            assertTrue(text.contains("DOWN pong@127.0.0.1:" + port + ": node lost"), text);
            assertTrue(ping.waitFor(10, TimeUnit.SECONDS));
        } finally {
            pong.destroyForcibly();
            if (ping != null) {
                ping.destroyForcibly();
            }
        }
    }
}
