package io.shrapnel.codecs.amqp;

import static io.shrapnel.codecs.amqp.Live.next;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.mailbox.Actors;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Broker.class)
class RecoveryTest {
    private static AmqpConfig recovering(String name) {
        return Broker.config().connectionName(name).recovery(Duration.ofMillis(50), Duration.ofSeconds(1), 30).build();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void awaitRecoveries(AmqpConnection c, int n) {
        while (c.recoveries() < n) {
            assertTrue(c.isOpen(), () -> "closed instead of recovering: " + c.closeReason());
            Coro.sleep(Duration.ofMillis(20));
        }
    }

    @Test
    void aDroppedConnectionComesBackWithItsTopologyAndConsumers() throws Exception {
        String name = Live.name("recover");
        Live.with(recovering(name), c -> {
            AmqpChannel ch = c.openChannel();
            ch.confirmSelect();
            ch.basicQos(5);
            String x = Live.name("x");
            ch.exchangeDeclare(ExchangeSpec.of(x, "direct").withAutoDelete());
            String q = ch.queueDeclare(QueueSpec.serverNamed()).name();
            ch.queueBind(q, x, "k", Map.of());
            String tag = ch.consume(q, Actors.self(), true, false);
            ch.publish(x, "k", Properties.EMPTY, utf8("before"));
            assertEquals("before", next(Delivery.Message.class).text());

            Live.ctl("close_connection", ConnectionTest.brokerName(name), "recovery test");
            awaitRecoveries(c, 1);
            assertFalse(c.isRecovering());
            assertTrue(ch.isOpen());
            ch.publish(x, "k", Properties.EMPTY, utf8("after")); // through the re-declared binding, to the renamed queue
            Delivery.Message m = next(Delivery.Message.class);
            assertEquals("after", m.text());
            assertEquals(tag, m.consumerTag());
            assertEquals(1, ch.unconfirmedCount() + 1);
        });
    }

    /**
     * Auto-delete exchanges x1 -> x2 -> a server-named queue: the broker drops all three with the
     * connection, so every hop must be declared and bound again, twice (the second recovery starts
     * from what the first one renamed).
     */
    @Test
    void anExchangeToExchangeRouteToARenamedQueueSurvivesTwoRecoveries() throws Exception {
        String name = Live.name("recover-twice");
        Live.with(recovering(name), c -> {
            AmqpChannel ch = c.openChannel();
            String x1 = Live.name("x1");
            String x2 = Live.name("x2");
            ch.exchangeDeclare(ExchangeSpec.of(x1, "direct").withAutoDelete());
            ch.exchangeDeclare(ExchangeSpec.of(x2, "fanout").withAutoDelete());
            ch.exchangeBind(x2, x1, "k");
            String q = ch.queueDeclare(QueueSpec.serverNamed()).name();
            ch.queueBind(q, x2, "", Map.of());
            ch.consume(q, Actors.self(), true, false);
            assertEquals(5, c.topology.size()); // two exchanges, a queue, two bindings
            for (int i = 1; i <= 2; i++) {
                Live.ctl("close_connection", ConnectionTest.brokerName(name), "recovery " + i);
                awaitRecoveries(c, i);
                assertEquals(5, c.topology.size(), "after recovery " + i);
                ch.publish(x1, "k", Properties.EMPTY, utf8("hop " + i));
                assertEquals("hop " + i, next(Delivery.Message.class).text()); // x1, x2, the renamed queue
            }
        });
    }

    @Test
    void acksOfMessagesFromTheLostChannelAreDropped() throws Exception {
        String name = Live.name("stale");
        Live.with(recovering(name), c -> {
            AmqpChannel ch = c.openChannel();
            ch.confirmSelect();
            String q = Live.name("q");
            ch.queueDeclare(QueueSpec.named(q)); // survives the connection, and so does its message
            ch.consume(q, Actors.self());
            ch.publish("", q, Properties.EMPTY, utf8("once"));
            Delivery.Message first = next(Delivery.Message.class);
            assertFalse(first.redelivered());
            Live.ctl("close_connection", ConnectionTest.brokerName(name), "stale acks");
            awaitRecoveries(c, 1);
            Delivery.Message again = next(Delivery.Message.class);
            assertTrue(again.redelivered());
            assertNotEquals(first.deliveryTag(), again.deliveryTag());
            first.ack(); // of the lost channel: dropped, so the broker never sees an unknown tag
            again.ack();
            assertEquals(new QueueInfo(q, 0, 1), ch.queueDeclarePassive(q));
            assertTrue(ch.isOpen());
            assertEquals(0, ch.queueDelete(q, false, false));
        });
    }

    @Test
    void publishesInFlightFailAndTheChannelNumbersAfreshAfterRecovery() throws Exception {
        String name = Live.name("inflight-recover");
        Live.with(recovering(name), c -> {
            AmqpChannel ch = c.openChannel();
            ch.confirmSelect();
            String q = ch.queueDeclare(QueueSpec.named(Live.name("q")).withAutoDelete()).name();
            ch.consume(q, Actors.self(), true, false);
            ch.publish("", q, Properties.EMPTY, utf8("first"));
            Confirmation stuck = ConnectionTest.publishThenDrop(c, ch, q, name);
            PublishFailedException lost = assertThrows(PublishFailedException.class, stuck::await);
            assertEquals(2, lost.sequence());
            awaitRecoveries(c, 1);
            Confirmation again = ch.publishAsync("", q, false, Properties.EMPTY, utf8("again"));
            assertEquals(1, again.sequence()); // the new channel's confirm numbering
            again.await();
            assertEquals("first", next(Delivery.Message.class).text());
            Delivery.Message m = next(Delivery.Message.class);
            assertEquals("again", m.text());
        });
    }

    @Test
    void publishersParkWhileTheConnectionRecovers() throws Exception {
        String name = Live.name("park");
        Live.with(recovering(name), c -> {
            AmqpChannel ch = c.openChannel();
            ch.confirmSelect();
            String q = ch.queueDeclare(QueueSpec.named(Live.name("q")).withAutoDelete()).name();
            ch.consume(q, Actors.self(), true, false);
            String broker = ConnectionTest.brokerName(name);
            Live.ctl("close_connection", broker, "park");
            while (!c.isRecovering() && c.recoveries() == 0) {
                Coro.sleep(Duration.ofMillis(5));
            }
            if (c.isRecovering()) {
                assertThrows(AmqpException.class, () -> ch.queueDeclarePassive(q));
            }
            ch.publish("", q, Properties.EMPTY, utf8("parked")); // parks until recovered, then is confirmed
            assertEquals("parked", next(Delivery.Message.class).text());
            assertEquals(1, c.recoveries());
        });
    }

    interface AfterLoss {
        void run(AmqpConnection c) throws Exception;
    }

    /**
     * A fake broker that serves one connection and then goes away; {@code then} runs with the client
     * connection (recovery on with these settings). Returns why the connection finally closed.
     */
    private static AmqpException brokerGoesAway(AmqpConfig.Builder settings, AfterLoss then) throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            return loop.call(() -> {
                FakeBroker broker = FakeBroker.listen();
                Coro fake = Coro.spawn("one-shot-broker", () -> {
                    broker.handshake(0, 4096);
                    broker.close(); // and nobody listens any more
                });
                AmqpConnection c = AmqpConnection.open(settings.port(broker.port).build());
                fake.join();
                then.run(c);
                c.close();
                return c.closeReason();
            });
        }
    }

    @Test
    void recoveryGivesUpAfterItsAttempts() throws Exception {
        AmqpException e = brokerGoesAway(AmqpConfig.builder().recovery(Duration.ofMillis(5), Duration.ofMillis(20), 3), c -> {
            while (c.isOpen()) {
                Coro.sleep(Duration.ofMillis(10));
            }
        });
        assertTrue(e.getMessage().startsWith("gave up recovering the connection to 127.0.0.1:"), e.getMessage());
        assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
    }

    @Test
    void closingWhileRecoveringStopsTheRecovery() throws Exception {
        AmqpException e = brokerGoesAway(AmqpConfig.builder().recovery(Duration.ofSeconds(30), Duration.ofSeconds(30), 3), c -> {
            while (!c.isRecovering()) {
                Coro.sleep(Duration.ofMillis(5));
            }
            assertThrows(AmqpException.class, c::openChannel);
        });
        assertEquals(200, e.replyCode());
    }
}
