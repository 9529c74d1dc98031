package io.shrapnel.codecs.amqp;

import static io.shrapnel.codecs.amqp.Live.next;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.mailbox.Inbox;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Broker.class)
class ConsumerTest {
    private static void publish(AmqpChannel ch, String q, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            ch.publishAsync("", q, false, Properties.EMPTY, ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
        ch.awaitConfirms();
    }

    @Test
    void prefetchBoundsWhatWaitsInTheMailbox() throws Exception {
        Live.with(c -> {
            AmqpChannel ch = c.openChannel();
            String q = ch.queueDeclare(QueueSpec.named(Live.name("q")).withExclusive()).name();
            ch.confirmSelect();
            publish(ch, q, 5);
            ch.basicQos(2);
            String tag = ch.consume(q, Actors.self());
            Delivery.Message first = next(Delivery.Message.class);
            Delivery.Message second = next(Delivery.Message.class);
            assertEquals(tag, first.consumerTag());
            assertEquals("m0", first.text());
            assertEquals("m1", second.text());
            assertEquals(new QueueInfo(q, 3, 1), ch.queueDeclarePassive(q)); // 2 unacked stay out of "ready"
            Inbox<Object> in = Actors.inbox();
            assertEquals(0, in.depth());
            second.ack(true); // both
            for (int i = 2; i < 5; i++) {
                Delivery.Message m = next(Delivery.Message.class);
                assertEquals("m" + i, m.text());
                m.ack();
            }
            ch.cancel(tag);
            Delivery.Cancelled end = next(Delivery.Cancelled.class);
            assertEquals(tag, end.consumerTag());
            assertFalse(end.byBroker());
            assertNull(end.error());
            assertEquals(new QueueInfo(q, 0, 0), ch.queueDeclarePassive(q));
        });
    }

    @Test
    void nackAndRejectRequeueOrDrop() throws Exception {
        Live.with(c -> {
            AmqpChannel ch = c.openChannel();
            String q = ch.queueDeclare(QueueSpec.named(Live.name("q")).withExclusive()).name();
            ch.confirmSelect();
            publish(ch, q, 3);
            String tag = ch.consume(q, Actors.self());
            Delivery.Message m0 = next(Delivery.Message.class);
            next(Delivery.Message.class);
            Delivery.Message m2 = next(Delivery.Message.class);
            m0.reject(false);                    // dropped
            m2.nack(true, true);                 // m1 and m2 back to the queue
            Delivery.Message again1 = next(Delivery.Message.class);
            Delivery.Message again2 = next(Delivery.Message.class);
            assertTrue(again1.redelivered());
            assertEquals("m1", again1.text());
            assertEquals("m2", again2.text());
            again1.nack(false, false);           // dropped
            again2.reject(true);                 // back once more
            Delivery.Message last = next(Delivery.Message.class);
            assertEquals("m2", last.text());
            last.ack(false);
            ch.cancel(tag);
            next(Delivery.Cancelled.class);
            assertEquals(0, ch.queueDeclarePassive(q).messageCount());
        });
    }

    @Test
    void consumerActorsAckFromTheirOwnCoro() throws Exception {
        Live.with(c -> {
            AmqpChannel ch = c.openChannel();
            String q = ch.queueDeclare(QueueSpec.serverNamed()).name();
            ch.confirmSelect();
            ch.basicQos(10);
            var done = Actors.self();
            var worker = Actors.spawn("worker", (Inbox<Delivery> in) -> {
                int seen = 0;
                while (true) {
                    switch (in.receive()) {
                        case Delivery.Message m -> {
                            m.ack();
                            seen++;
                        }
                        case Delivery.Cancelled x -> {
                            done.tell(seen);
                            return;
                        }
                    }
                }
            });
            String tag = ch.consume(q, worker);
            publish(ch, q, 50);
            while (ch.queueDeclarePassive(q).messageCount() > 0 || ch.queueDeclarePassive(q).consumerCount() == 0) {
                Coro.sleep(Duration.ofMillis(20));
            }
            ch.cancel(tag);
            assertEquals(50, next(Integer.class));
        });
    }

    @Test
    void theBrokerCancelsConsumersOfADeletedQueue() throws Exception {
        Live.with(c -> {
            AmqpChannel ch = c.openChannel();
            String q = Live.name("doomed");
            ch.queueDeclare(QueueSpec.named(q));
            String tag = ch.consume(q, Actors.self(), true, false);
            AmqpChannel other = c.openChannel();
            other.queueDelete(q, false, false);
            Delivery.Cancelled end = next(Delivery.Cancelled.class);
            assertEquals(tag, end.consumerTag());
            assertTrue(end.byBroker());
            assertTrue(ch.isOpen());
        });
    }

    @Test
    void exclusiveConsumersKeepOthersOut() throws Exception {
        Live.with(c -> {
            AmqpChannel ch = c.openChannel();
            String q = ch.queueDeclare(QueueSpec.serverNamed()).name();
            ch.consume(q, Actors.self(), true, true);
            AmqpChannel other = c.openChannel();
            AmqpException e = assertThrows(AmqpException.class, () -> other.consume(q, Actors.self()));
            assertEquals(403, e.replyCode());
            assertFalse(other.isOpen());
        });
    }

    @Test
    void closingTheChannelEndsItsConsumersAndFailsAcks() throws Exception {
        Live.with(c -> {
            AmqpChannel ch = c.openChannel();
            String q = ch.queueDeclare(QueueSpec.serverNamed()).name();
            ch.confirmSelect();
            publish(ch, q, 1);
            String tag = ch.consume(q, Actors.self());
            Delivery.Message m = next(Delivery.Message.class);
            ch.close();
            Delivery.Cancelled end = next(Delivery.Cancelled.class);
            assertEquals(tag, end.consumerTag());
            AmqpException why = assertInstanceOf(AmqpException.class, end.error());
            assertEquals(200, why.replyCode());
            assertThrows(AmqpException.class, m::ack);
        });
    }
}
