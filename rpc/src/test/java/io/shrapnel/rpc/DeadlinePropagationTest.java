package io.shrapnel.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.rpc.test.Greeter;
import io.shrapnel.rpc.test.HelloRequest;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** client -> front -> back: the client's deadline reaches the back server unless the front opts out. */
class DeadlinePropagationTest {
    private static String callThroughTwoHops(CallOptions frontToBack) throws Exception {
        TestGreeter front = new TestGreeter();
        front.relayOptions = frontToBack;
        String[] seen = new String[1];
        RpcFixture.run(RpcConfig.DEFAULT, front, (server, channel) -> {
            int backPort = Ports.free();
            try (RpcServer back = RpcServer.start(new InetSocketAddress("127.0.0.1", backPort), RpcConfig.DEFAULT,
                    new TestGreeter());
                 Channel toBack = Channel.connect("127.0.0.1", backPort)) {
                front.relay = toBack;
                seen[0] = Greeter.client(channel, CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(30)))
                        .sayHello(HelloRequest.newBuilder().setName("relay").build()).getMessage();
            }
        });
        return seen[0];
    }

    @Test
    void deadlinePropagatesAcrossTwoHops() throws Exception {
        String seen = callThroughTwoHops(CallOptions.DEFAULT);
        assertTrue(seen.startsWith("via relay: deadline "), seen);
        long millis = Long.parseLong(seen.substring("via relay: deadline ".length()));
        assertTrue(millis > 20_000 && millis <= 30_000, seen);
    }

    @Test
    void theEarlierDeadlineWins() throws Exception {
        String seen = callThroughTwoHops(CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(5)));
        long millis = Long.parseLong(seen.substring("via relay: deadline ".length()));
        assertTrue(millis > 1_000 && millis <= 5_000, seen);
    }

    @Test
    void optingOutDropsTheDeadline() throws Exception {
        assertEquals("via relay: no deadline", callThroughTwoHops(CallOptions.DEFAULT.withoutDeadlinePropagation()));
    }
}
