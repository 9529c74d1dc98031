package io.shrapnel.codecs.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.mailbox.Inbox;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's example, against the test broker (its port and the queue name are the only changes). */
@ExtendWith(Broker.class)
class ReadmeExampleTest {
    @Test
    void theReadmeExampleRuns() throws Exception {
        String jobs = Live.name("jobs");
        try (TestLoop loop = TestLoop.create()) {
            String got = loop.call(() -> {
                ActorRef<String> test = Actors.self();
                AmqpConfig config = AmqpConfig.builder().port(Broker.port()).credentials("guest", "guest").build();
                try (AmqpConnection c = AmqpConnection.open(config)) {
                    AmqpChannel ch = c.openChannel();
                    ch.queueDeclare(QueueSpec.named(jobs).withAutoDelete());
                    ch.basicQos(10);
                    ActorRef<Delivery> worker = Actors.spawn("worker", (Inbox<Delivery> in) -> {
                        while (in.receive() instanceof Delivery.Message m) {
                            test.tell("got " + m.text());
                            m.ack();
                        }
                    });
                    ch.consume(jobs, worker);
                    ch.confirmSelect();
                    ch.publish("", jobs, Properties.builder().contentType("text/plain").build(),
                            "hello".getBytes(StandardCharsets.UTF_8));
                    Coro.sleep(Duration.ofMillis(1));
                    Inbox<String> in = Actors.inbox();
                    return in.receive(Live.WAIT).orElseThrow();
                }
            });
            assertEquals("got hello", got);
        }
    }
}
