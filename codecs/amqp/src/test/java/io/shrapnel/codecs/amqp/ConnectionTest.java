package io.shrapnel.codecs.amqp;

import static io.shrapnel.codecs.amqp.Live.next;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.OneShot;
import io.shrapnel.mailbox.Actors;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Broker.class)
class ConnectionTest {
    /** The broker's process id (what close_connection takes) of the connection whose client called itself {@code connectionName}. */
    static String brokerName(String connectionName) throws Exception {
        for (String line : Live.ctl("-q", "list_connections", "pid", "client_properties").split("\n")) {
            if (line.contains(connectionName)) {
                return line.split("\t")[0];
            }
        }
        throw new AssertionError("the broker lists no connection named " + connectionName);
    }

    /**
     * Publishes one message during a memory alarm (the broker stops reading a publishing connection,
     * so no confirm can come), has the broker close the connection, lifts the alarm; returns the
     * publish's confirmation, still open when the connection went.
     */
    static Confirmation publishThenDrop(AmqpConnection c, AmqpChannel ch, String q, String connectionName)
            throws Exception {
        Live.ctl("set_vm_memory_high_watermark", "0.0000001");
        try {
            Confirmation stuck = ch.publishAsync("", q, false, Properties.EMPTY, new byte[1]);
            while (!c.isBlocked()) {
                Coro.sleep(Duration.ofMillis(20));
            }
            assertFalse(stuck.isDone());
            assertEquals(1, ch.unconfirmedCount());
            Live.ctl("close_connection", brokerName(connectionName), "drop");
            return stuck;
        } finally {
            Live.ctl("set_vm_memory_high_watermark", "0.4");
        }
    }

    @Test
    void aForcedCloseCarriesTheBrokersCodeAndFailsEverythingInFlight() throws Exception {
        String name = Live.name("forced");
        Live.with(Broker.config().connectionName(name).build(), c -> {
            AmqpChannel ch = c.openChannel();
            String q = ch.queueDeclare(QueueSpec.serverNamed()).name();
            String tag = ch.consume(q, Actors.self());
            Live.ctl("close_connection", brokerName(name), "test says bye");
            Delivery.Cancelled end = next(Delivery.Cancelled.class);
            assertEquals(tag, end.consumerTag());
            AmqpException why = assertInstanceOf(AmqpException.class, end.error());
            assertEquals(320, why.replyCode());
            assertTrue(why.replyText().contains("test says bye"), why.replyText());
            assertTrue(why.isConnectionLevel());
            assertFalse(c.isOpen());
            assertSame(why, c.closeReason());
            assertThrows(AmqpException.class, c::openChannel);
            assertThrows(AmqpException.class, () -> ch.publish("", q, Properties.EMPTY, new byte[1]));
        });
    }

    @Test
    void publishesInFlightAreReportedFailedWhenTheConnectionDrops() throws Exception {
        String name = Live.name("inflight");
        Live.with(Broker.config().connectionName(name).build(), c -> {
            AmqpChannel ch = c.openChannel();
            ch.confirmSelect();
            String q = ch.queueDeclare(QueueSpec.serverNamed()).name();
            ch.publish("", q, Properties.EMPTY, new byte[1]);
            Confirmation stuck = publishThenDrop(c, ch, q, name);
            PublishFailedException lost = assertThrows(PublishFailedException.class, stuck::await);
            assertEquals(2, lost.sequence());
            assertEquals(320, ((AmqpException) lost.getCause()).replyCode());
            assertFalse(c.isOpen());
            assertEquals(0, ch.unconfirmedCount());
        });
    }

    @Test
    void heartbeatsKeepAnIdleConnectionOpen() throws Exception {
        Live.with(Broker.config().heartbeat(Duration.ofSeconds(1)).build(), c -> {
            assertEquals(Duration.ofSeconds(1), c.heartbeat());
            Coro.sleep(Duration.ofMillis(3500)); // the broker closes a silent client after 2 missed beats
            assertTrue(c.isOpen());
            c.openChannel().queueDeclare(QueueSpec.serverNamed());
        });
    }

    @Test
    void blockedConnectionsParkPublishersUntilUnblocked() throws Exception {
        Live.with(c -> {
            AmqpChannel ch = c.openChannel();
            ch.confirmSelect();
            String q = ch.queueDeclare(QueueSpec.serverNamed()).name();
            Live.ctl("set_vm_memory_high_watermark", "0.0000001");
            OneShot<Boolean> published = new OneShot<>();
            try {
                // RabbitMQ blocks a connection when it next publishes during an alarm
                ch.publishAsync("", q, false, Properties.EMPTY, new byte[1]);
                while (!c.isBlocked()) {
                    Coro.sleep(Duration.ofMillis(20));
                }
                Coro.spawn(() -> {
                    try {
                        ch.publish("", q, Properties.EMPTY, new byte[1]);
                        published.signal(true);
                    } catch (Exception e) {
                        published.signal(false);
                    }
                });
                assertFalse(published.await(Duration.ofMillis(300)));
            } finally {
                Live.ctl("set_vm_memory_high_watermark", "0.4");
            }
            assertTrue(published.await());
            assertFalse(c.isBlocked());
            ch.awaitConfirms();
        });
    }
}
