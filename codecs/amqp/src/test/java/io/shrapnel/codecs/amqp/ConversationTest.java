package io.shrapnel.codecs.amqp;

import static io.shrapnel.codecs.amqp.Live.next;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.codecs.amqp.internal.FrameWriter;
import io.shrapnel.codecs.amqp.internal.Method;
import io.shrapnel.codecs.amqp.internal.MethodSpec;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.OneShot;
import io.shrapnel.kernel.TimeoutError;
import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.mailbox.Actors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Conversations a fake broker scripts and RabbitMQ would not start on demand: a small channel max,
 * channel.flow, cancels with and without nowait, a reply that comes after its caller gave up, a
 * close from another thread. The broker's script and the client run on one loop; a failed script
 * closes its socket, so the client never waits for an answer that will not come.
 */
class ConversationTest {
    interface Script {
        void run(FakeBroker broker) throws Exception;
    }

    interface Client {
        void run(AmqpConnection c, FakeBroker broker) throws Exception;
    }

    /** Runs {@code script} as a broker tuned to {@code channelMax} and {@code client} against it. */
    private static void converse(int channelMax, Script script, Client client) throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (FakeBroker broker = FakeBroker.listen()) {
                    OneShot<Throwable> done = new OneShot<>();
                    Coro.spawn("fake-broker", () -> {
                        try {
                            broker.handshake(0, 4096, channelMax);
                            script.run(broker);
                            done.signal(null);
                        } catch (Throwable t) {
                            done.signal(t);
                            broker.peer.close();
                        }
                    });
                    AmqpConnection c = AmqpConnection.open(broker.config().channelMax(channelMax).heartbeat(Duration.ZERO).build());
                    Throwable clientFailure = null;
                    try {
                        client.run(c, broker);
                    } catch (Throwable t) {
                        clientFailure = t;
                    } finally {
                        c.close();
                    }
                    Throwable t = done.await(Live.WAIT) ? done.value()
                            : new AssertionError("the fake broker's script did not end within " + Live.WAIT);
                    if (t != null) {
                        AssertionError e = new AssertionError("fake broker failed", t);
                        if (clientFailure != null) {
                            e.addSuppressed(clientFailure);
                        }
                        throw e;
                    }
                    if (clientFailure instanceof Exception e) {
                        throw e;
                    }
                    if (clientFailure != null) {
                        throw (Error) clientFailure;
                    }
                }
            });
        }
    }

    private static void deliver(FakeBroker b, String tag, long deliveryTag, String text) throws IOException {
        b.sendRaw(FrameWriter.content(1, Method.of(MethodSpec.BASIC_DELIVER, tag, deliveryTag, false, "", "q"),
                Properties.EMPTY, text.getBytes(StandardCharsets.UTF_8), 4096));
    }

    @Test
    void channelNumbersWrapWithinTheNegotiatedMax() throws Exception {
        converse(2, b -> {
            b.openChannel(1);
            b.openChannel(2);
            b.expectOn(1, MethodSpec.CHANNEL_CLOSE);
            b.send(1, Method.of(MethodSpec.CHANNEL_CLOSE_OK));
            b.openChannel(1);
            b.expectOn(2, MethodSpec.CHANNEL_CLOSE);
            b.send(2, Method.of(MethodSpec.CHANNEL_CLOSE_OK));
            b.openChannel(2);
            b.answerClose();
        }, (c, b) -> {
            assertEquals(2, c.channelMax());
            AmqpChannel first = c.openChannel();
            AmqpChannel second = c.openChannel();
            assertEquals(1, first.number());
            assertEquals(2, second.number());
            IllegalStateException full = assertThrows(IllegalStateException.class, c::openChannel);
            assertEquals("all 2 channels are open; close some first", full.getMessage());
            assertEquals("AmqpChannel[1]", first.toString());
            first.close();
            assertEquals("AmqpChannel[1, closed]", first.toString());
            assertEquals(1, c.openChannel().number());
            second.close();
            assertEquals(2, c.openChannel().number());
            assertEquals("AmqpConnection[127.0.0.1:" + b.port + "/, open]", c.toString());
            c.close();
            assertEquals("AmqpConnection[127.0.0.1:" + b.port + "/, closed: connection closed: 200 connection closed"
                    + " by the application]", c.toString());
        });
    }

    @Test
    void aFreedNumberIsFoundPastTheOpenOnes() throws Exception {
        converse(3, b -> {
            for (int n = 1; n <= 3; n++) {
                b.openChannel(n);
            }
            b.expectOn(2, MethodSpec.CHANNEL_CLOSE);
            b.send(2, Method.of(MethodSpec.CHANNEL_CLOSE_OK));
            b.openChannel(2);
            b.answerClose();
        }, (c, b) -> {
            c.openChannel();
            AmqpChannel second = c.openChannel();
            c.openChannel();
            second.close();
            assertEquals(2, c.openChannel().number()); // 1 is taken: the search goes on past it
        });
    }

    @Test
    void aCallInFlightFailsWhenTheConnectionFails() throws Exception {
        converse(2047, b -> {
            b.openChannel(1);
            b.expectOn(1, MethodSpec.QUEUE_DECLARE);
            b.sendRaw(new byte[] {8, 0, 1, 0, 0, 0, 0, (byte) 0xCE}); // a heartbeat on channel 1: a frame error
            assertEquals(501, b.expect(MethodSpec.CONNECTION_CLOSE).integer(0));
        }, (c, b) -> {
            AmqpChannel ch = c.openChannel();
            AmqpException e = assertThrows(AmqpException.class, () -> ch.queueDeclarePassive("q"));
            assertEquals("heartbeat frame on channel 1", e.getCause().getMessage());
            assertFalse(c.isOpen());
            assertFalse(ch.isOpen());
        });
    }

    @Test
    void withoutAChannelLimitOnEitherSideChannelsAreNumberedFromOne() throws Exception {
        converse(0, b -> {
            b.openChannel(1);
            b.openChannel(2);
            b.answerClose();
        }, (c, b) -> {
            assertEquals(0, c.channelMax());
            assertEquals(1, c.openChannel().number());
            assertEquals(2, c.openChannel().number());
        });
    }

    @Test
    void theBrokersChannelFlowIsAnsweredInKind() throws Exception {
        OneShot<Void> flowed = new OneShot<>();
        converse(2047, b -> {
            b.openChannel(1);
            b.send(1, Method.of(MethodSpec.CHANNEL_FLOW, false));
            assertFalse(b.expectOn(1, MethodSpec.CHANNEL_FLOW_OK).bit(0));
            b.send(1, Method.of(MethodSpec.CHANNEL_FLOW, true));
            assertTrue(b.expectOn(1, MethodSpec.CHANNEL_FLOW_OK).bit(0));
            flowed.signal(null);
            b.answerClose();
        }, (c, b) -> {
            AmqpChannel ch = c.openChannel();
            flowed.await();
            assertTrue(ch.isOpen());
        });
    }

    @Test
    void aConsumerTheBrokerCancelsEndsAndTheCancelIsAnsweredUnlessNowait() throws Exception {
        converse(2047, b -> {
            b.openChannel(1);
            String tag = b.acceptConsume(1);
            b.send(1, Method.of(MethodSpec.BASIC_CANCEL, "nobody", false)); // an unknown tag is answered too
            assertEquals("nobody", b.expectOn(1, MethodSpec.BASIC_CANCEL_OK).str(0));
            b.send(1, Method.of(MethodSpec.BASIC_CANCEL, tag, false));
            assertEquals(tag, b.expectOn(1, MethodSpec.BASIC_CANCEL_OK).str(0));
            String quiet = b.acceptConsume(1);
            b.send(1, Method.of(MethodSpec.BASIC_CANCEL, quiet, true));
            b.answerClose(); // nothing in between: a nowait cancel gets no cancel-ok
        }, (c, b) -> {
            AmqpChannel ch = c.openChannel();
            String tag = ch.consume("q", Actors.self());
            Delivery.Cancelled end = next(Delivery.Cancelled.class);
            assertEquals(tag, end.consumerTag());
            assertTrue(end.byBroker());
            assertNull(end.error());
            String quiet = ch.consume("q2", Actors.self());
            Delivery.Cancelled second = next(Delivery.Cancelled.class);
            assertEquals(quiet, second.consumerTag());
            assertTrue(second.byBroker());
        });
    }

    @Test
    void aDeliveryReachesItsActorAndItsAcksNacksAndRejectsCarryTheirFlags() throws Exception {
        converse(2047, b -> {
            b.openChannel(1);
            String tag = b.acceptConsume(1);
            b.sendRaw(FrameWriter.content(1, Method.of(MethodSpec.BASIC_DELIVER, tag, 7L, true, "x", "rk"),
                    Properties.builder().messageId("m").build(), "hi".getBytes(StandardCharsets.UTF_8), 4096));
            List<String> settled = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Method m = b.next();
                settled.add(m.toString());
            }
            assertEquals(List.of("BASIC_ACK[7, false]", "BASIC_ACK[7, true]", "BASIC_NACK[7, true, false]",
                    "BASIC_NACK[7, false, true]", "BASIC_REJECT[7, true]", "BASIC_REJECT[7, false]"), settled);
            b.answerClose();
        }, (c, b) -> {
            AmqpChannel ch = c.openChannel();
            String tag = ch.consume("q", Actors.self());
            Delivery.Message m = next(Delivery.Message.class);
            assertEquals(new Delivery.Message(ch, tag, 7, true, "x", "rk", Properties.builder().messageId("m").build(),
                    m.body()), m);
            assertEquals("hi", m.text());
            m.ack();
            m.ack(true);
            m.nack(true, false);
            m.nack(false, true);
            m.reject(true);
            m.reject(false);
        });
    }

    @Test
    void aCallerWaitingForTheChannelFailsWithoutSendingWhenTheChannelCloses() throws Exception {
        converse(2047, b -> {
            b.openChannel(1);
            assertEquals("a", b.expectOn(1, MethodSpec.QUEUE_DECLARE).str(1));
            b.send(1, Method.of(MethodSpec.CHANNEL_CLOSE, 404, "NOT_FOUND - no queue 'a'", 50, 10));
            b.expectOn(1, MethodSpec.CHANNEL_CLOSE_OK);
            b.answerClose(); // the second caller's declare never came
        }, (c, b) -> {
            AmqpChannel ch = c.openChannel();
            OneShot<Throwable> second = new OneShot<>();
            Coro.spawn("second-caller", () -> { // queues for the channel behind the first call
                try {
                    ch.queueDeclarePassive("b");
                    second.signal(null);
                } catch (Throwable t) {
                    second.signal(t);
                }
            });
            AmqpException first = assertThrows(AmqpException.class, () -> ch.queueDeclarePassive("a"));
            assertEquals("channel closed: 404 NOT_FOUND - no queue 'a' (in method 50.10)", first.getMessage());
            assertSame(first, second.await());
            assertFalse(ch.isOpen());
            assertTrue(c.isOpen());
        });
    }

    @Test
    void aConsumeWhoseCallerGaveUpGetsNoDeliveries() throws Exception {
        OneShot<Void> gaveUp = new OneShot<>();
        converse(2047, b -> {
            b.openChannel(1);
            String tag = b.expectOn(1, MethodSpec.BASIC_CONSUME).str(2);
            gaveUp.await();
            b.send(1, Method.of(MethodSpec.BASIC_CONSUME_OK, tag)); // late: dropped
            deliver(b, tag, 1, "stray");
            b.expectOn(1, MethodSpec.QUEUE_DECLARE);
            b.send(1, Method.of(MethodSpec.QUEUE_DECLARE_OK, "q", 0L, 0L));
            b.answerClose();
        }, (c, b) -> {
            AmqpChannel ch = c.openChannel();
            assertThrows(TimeoutError.class, () -> Coro.withTimeout(Duration.ofMillis(50), () -> ch.consume("q", Actors.self())));
            gaveUp.signal(null);
            ch.queueDeclarePassive("q"); // after the stray delivery
            assertEquals(0, Actors.inbox().depth());
        });
    }

    @Test
    void aConsumeTheBrokerRefusesEndsItsActorsStreamWithTheError() throws Exception {
        converse(2047, b -> {
            b.openChannel(1);
            b.expectOn(1, MethodSpec.BASIC_CONSUME);
            b.send(1, Method.of(MethodSpec.CHANNEL_CLOSE, 403, "ACCESS_REFUSED - exclusive use", 60, 20));
            b.expectOn(1, MethodSpec.CHANNEL_CLOSE_OK);
            b.answerClose();
        }, (c, b) -> {
            AmqpChannel ch = c.openChannel();
            AmqpException e = assertThrows(AmqpException.class, () -> ch.consume("q", Actors.self()));
            assertEquals(403, e.replyCode());
            assertSame(e, next(Delivery.Cancelled.class).error());
        });
    }

    @Test
    void aReplyThatComesAfterItsCallerGaveUpIsDropped() throws Exception {
        OneShot<Void> gaveUp = new OneShot<>();
        OneShot<Void> gaveUpAgain = new OneShot<>();
        converse(2047, b -> {
            b.openChannel(1);
            b.expectOn(1, MethodSpec.QUEUE_PURGE);
            gaveUp.await();
            b.send(1, Method.of(MethodSpec.QUEUE_PURGE_OK, 5L)); // late: its caller timed out
            b.expectOn(1, MethodSpec.QUEUE_DECLARE);
            b.send(1, Method.of(MethodSpec.QUEUE_DECLARE_OK, "q", 7L, 0L));
            b.expectOn(1, MethodSpec.QUEUE_PURGE);
            gaveUpAgain.await();
            b.expectOn(1, MethodSpec.QUEUE_DECLARE);
            b.send(1, Method.of(MethodSpec.QUEUE_DECLARE_OK, "q", 8L, 1L)); // a reply to the caller who waits ...
            b.send(1, Method.of(MethodSpec.QUEUE_PURGE_OK, 9L)); // ... then one to the caller who left
            b.expectOn(1, MethodSpec.QUEUE_DECLARE);
            b.send(1, Method.of(MethodSpec.QUEUE_DECLARE_OK, "q", 6L, 2L));
            b.answerClose();
        }, (c, b) -> {
            AmqpChannel ch = c.openChannel();
            assertThrows(TimeoutError.class, () -> Coro.withTimeout(Duration.ofMillis(50), () -> ch.queuePurge("q")));
            gaveUp.signal(null);
            assertEquals(new QueueInfo("q", 7, 0), ch.queueDeclarePassive("q"));
            assertThrows(TimeoutError.class, () -> Coro.withTimeout(Duration.ofMillis(50), () -> ch.queuePurge("q")));
            gaveUpAgain.signal(null);
            assertEquals(new QueueInfo("q", 8, 1), ch.queueDeclarePassive("q"));
            assertEquals(new QueueInfo("q", 6, 2), ch.queueDeclarePassive("q"));
            assertTrue(ch.isOpen());
            assertTrue(c.isOpen());
        });
    }

    @Test
    void aCloseFromAnotherThreadIsCarriedOutOnTheLoop() throws Exception {
        converse(2047, b -> {
            assertEquals(200, b.answerClose().integer(0));
        }, (c, b) -> {
            OneShot<IOException> failed = new OneShot<>();
            io.shrapnel.kernel.Scheduler loop = io.shrapnel.kernel.Scheduler.current();
            Thread.ofPlatform().start(() -> {
                try {
                    c.close(); // returns at once: the close runs in a coro of the connection's loop
                    loop.post(() -> failed.signal(null));
                } catch (IOException e) {
                    loop.post(() -> failed.signal(e));
                }
            });
            assertNull(failed.await());
            while (c.isOpen()) {
                Coro.sleep(Duration.ofMillis(5));
            }
            assertEquals(200, c.closeReason().replyCode());
            // the connection reads as closed before the close coro has joined the session's coros:
            // wait for it, as the test may not leave a coro alive
            Coro closer = loop.coros().stream().filter(k -> k.name().equals("amqp-close")).findFirst().orElse(null);
            if (closer != null) {
                closer.join();
            }
        });
    }
}
