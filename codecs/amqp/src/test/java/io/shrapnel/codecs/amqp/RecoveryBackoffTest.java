package io.shrapnel.codecs.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.net.TcpSock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When recovery tries again, on the loop's virtual clock: a fake broker serves one connection, drops
 * it, and then hangs up on every new one, writing down when (virtual milliseconds after the drop)
 * each attempt connected.
 */
class RecoveryBackoffTest {
    @Test
    void attemptsBackOffDoublingUpToTheMaxDelayThenGiveUp() throws Exception {
        List<Long> attempts = new ArrayList<>();
        AmqpException why;
        try (TestLoop loop = TestLoop.virtualTime()) {
            why = loop.call(() -> {
                try (FakeBroker broker = FakeBroker.listen()) {
                    long[] dropped = new long[1];
                    Coro dropper = Coro.spawn("dropping-broker", () -> {
                        broker.handshake(0, 4096);
                        broker.peer.close();
                        dropped[0] = Coro.now();
                        while (true) {
                            TcpSock s = broker.accept();
                            attempts.add(Duration.ofNanos(Coro.now() - dropped[0]).toMillis());
                            s.close();
                        }
                    });
                    AmqpConnection c = AmqpConnection.open(broker.config().heartbeat(Duration.ZERO)
                            .recovery(Duration.ofMillis(100), Duration.ofMillis(250), 4).build());
                    while (!c.isRecovering()) {
                        Coro.sleep(Duration.ofMillis(1));
                    }
                    assertTrue(c.isOpen());
                    assertEquals("AmqpConnection[127.0.0.1:" + broker.port + "/, recovering]", c.toString());
                    while (c.isOpen()) {
                        Coro.sleep(Duration.ofMillis(10));
                    }
                    assertFalse(c.isRecovering());
                    assertEquals(0, c.recoveries());
                    c.close();
                    dropper.shutdown();
                    dropper.join();
                    return c.closeReason();
                }
            });
        }
        assertEquals(List.of(100L, 300L, 550L, 800L), attempts);
        assertTrue(why.getMessage().startsWith("gave up recovering the connection to 127.0.0.1:"), why.getMessage());
        assertTrue(why.getMessage().contains(" after 4 attempts; last: "), why.getMessage());
    }
}
