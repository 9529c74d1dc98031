package io.shrapnel.codecs.amqp;

import static io.shrapnel.codecs.amqp.Live.next;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.codecs.amqp.internal.FrameWriter;
import io.shrapnel.codecs.amqp.internal.Method;
import io.shrapnel.codecs.amqp.internal.MethodSpec;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.OneShot;
import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.net.TcpSock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Recovery against a fake broker: when it tries again (on the loop's virtual clock), and what a
 * recovered channel asks for (prefetch, confirm mode, its consumer under the same tag), with the
 * delivery tags of the lost channel kept apart from the new one's.
 */
class RecoveryScriptTest {
    /** A fake broker serves one connection, drops it, then hangs up on every new one (times in virtual ms after the drop). */
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

    private static void deliver(FakeBroker b, String tag, long deliveryTag, boolean redelivered, String text) throws Exception {
        b.sendRaw(FrameWriter.content(1, Method.of(MethodSpec.BASIC_DELIVER, tag, deliveryTag, redelivered, "", "q"),
                Properties.EMPTY, text.getBytes(StandardCharsets.UTF_8), 4096));
    }

    /** The channel's settings as the broker sees them after channel.open: prefetch 5, confirm mode. */
    private static void expectSettings(FakeBroker b) throws Exception {
        b.openChannel(1);
        assertEquals(5, b.expectOn(1, MethodSpec.BASIC_QOS).integer(1));
        b.send(1, Method.of(MethodSpec.BASIC_QOS_OK));
        b.expectOn(1, MethodSpec.CONFIRM_SELECT);
        b.send(1, Method.of(MethodSpec.CONFIRM_SELECT_OK));
    }

    @Test
    void aRecoveredChannelAsksForItsSettingsAndConsumerAgainAndDropsStaleAcks() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (FakeBroker broker = FakeBroker.listen()) {
                    OneShot<Throwable> done = new OneShot<>();
                    Coro.spawn("recovering-broker", () -> {
                        try {
                            broker.handshake(0, 4096);
                            expectSettings(broker);
                            String tag = broker.acceptConsume(1);
                            broker.send(0, Method.of(MethodSpec.CONNECTION_BLOCKED, "low on memory"));
                            deliver(broker, tag, 3, false, "first");
                            // half a message (its method frame only), then the connection drops
                            broker.sendRaw(FrameWriter.method(1, Method.of(MethodSpec.BASIC_DELIVER, tag, 4L, false, "", "q")));
                            broker.peer.close();
                            broker.handshake(0, 4096);
                            expectSettings(broker);
                            Method again = broker.expectOn(1, MethodSpec.BASIC_CONSUME);
                            assertEquals("q", again.str(1));
                            assertEquals(tag, again.str(2));
                            broker.send(1, Method.of(MethodSpec.BASIC_CONSUME_OK, tag));
                            deliver(broker, tag, 1, true, "again"); // the new channel numbers its tags afresh
                            assertEquals("BASIC_ACK[1, false]", broker.next().toString()); // not first's ack
                            broker.answerClose();
                            done.signal(null);
                        } catch (Throwable t) {
                            done.signal(t);
                            broker.peer.close();
                        }
                    });
                    AmqpConnection c = AmqpConnection.open(broker.config().heartbeat(Duration.ZERO)
                            .recovery(Duration.ofMillis(10), Duration.ofMillis(10), 3).build());
                    try {
                        AmqpChannel ch = c.openChannel();
                        ch.basicQos(5);
                        ch.confirmSelect();
                        String tag = ch.consume("q", Actors.self());
                        Delivery.Message first = next(Delivery.Message.class);
                        assertEquals(3, first.deliveryTag());
                        assertTrue(c.isBlocked());
                        Delivery.Message again = next(Delivery.Message.class);
                        assertEquals("again", again.text());
                        assertEquals(tag, again.consumerTag());
                        assertEquals(1L << 48 | 1, again.deliveryTag()); // the epoch in the top bits
                        assertEquals(1, c.recoveries());
                        assertFalse(c.isBlocked()); // the new connection starts unblocked
                        first.ack(); // of the lost channel: dropped
                        again.ack();
                    } finally {
                        c.close();
                    }
                    Throwable t = done.await();
                    if (t != null) {
                        throw new AssertionError("fake broker failed", t);
                    }
                }
            });
        }
    }
}
