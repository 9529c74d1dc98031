package io.shrapnel.codecs.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Parallel;
import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.mailbox.Inbox;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Broker.class)
class RpcTest {
    /** A server actor: answers each request on {@code queue} with its body in upper case. */
    private static void startUpperServer(AmqpConnection c, String queue) throws Exception {
        AmqpChannel server = c.openChannel();
        server.queueDeclare(QueueSpec.named(queue).withExclusive().withAutoDelete());
        ActorRef<Delivery> upper = Actors.spawn("upper", (Inbox<Delivery> in) -> {
            while (in.receive() instanceof Delivery.Message m) {
                AmqpRpc.reply(server, m, Properties.builder().type("answer").build(),
                        m.text().toUpperCase().getBytes(StandardCharsets.UTF_8));
            }
        });
        server.consume(queue, upper, true, false);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void directReplyToAnswersConcurrentCallers() throws Exception {
        Live.with(c -> {
            String q = Live.name("rpc");
            startUpperServer(c, q);
            AmqpRpc rpc = AmqpRpc.directReplyTo(c.openChannel());
            assertEquals(AmqpRpc.DIRECT_REPLY_TO, rpc.replyTo());
            List<Callable<String>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String word = "word" + i;
                calls.add(() -> rpc.call("", q, Properties.EMPTY, utf8(word), Live.WAIT).text());
            }
            List<String> answers = Parallel.inParallel(calls);
            for (int i = 0; i < 20; i++) {
                assertEquals("WORD" + i, answers.get(i));
            }
            Delivery.Message m = rpc.call("", q, Properties.builder().appId("me").build(), utf8("x"), Live.WAIT);
            assertEquals("answer", m.properties().type());
            assertEquals(0, rpc.pendingCount());
        });
    }

    @Test
    void aReplyQueueWorksToo() throws Exception {
        Live.with(c -> {
            String q = Live.name("rpc");
            startUpperServer(c, q);
            AmqpRpc rpc = AmqpRpc.replyQueue(c.openChannel());
            assertTrue(rpc.replyTo().startsWith("amq.gen-"), rpc.replyTo());
            assertEquals("ABC", rpc.call("", q, Properties.EMPTY, utf8("abc"), Live.WAIT).text());
        });
    }

    @Test
    void aCallWithoutAServerTimesOut() throws Exception {
        Live.with(c -> {
            AmqpChannel ch = c.openChannel();
            String q = ch.queueDeclare(QueueSpec.serverNamed()).name();
            AmqpRpc rpc = AmqpRpc.directReplyTo(c.openChannel());
            RpcTimeoutException e = assertThrows(RpcTimeoutException.class,
                    () -> rpc.call("", q, Properties.EMPTY, utf8("hello?"), Duration.ofMillis(200)));
            assertEquals("no reply to request 1 sent to '' with key '" + q + "' within PT0.2S", e.getMessage());
            assertEquals(0, rpc.pendingCount());
            Delivery.Message request = ch.basicGet(q, true); // answer late: dropped
            AmqpRpc.reply(ch, request, Properties.EMPTY, utf8("late"));
            Delivery.Message noReplyTo = new Delivery.Message(ch, "", 1, false, "", q, Properties.EMPTY, new byte[0]);
            assertThrows(IllegalArgumentException.class, () -> AmqpRpc.reply(ch, noReplyTo, Properties.EMPTY, new byte[0]));
            io.shrapnel.kernel.OneShot<String> second = new io.shrapnel.kernel.OneShot<>();
            Coro caller = Coro.spawn(() -> second.signal(rpc.call("", q, Properties.EMPTY, utf8("again"), Live.WAIT).text()));
            Delivery.Message again;
            while ((again = ch.basicGet(q, true)) == null) {
                Coro.sleep(Duration.ofMillis(10));
            }
            assertEquals(1, rpc.pendingCount()); // request 2 waits for its reply
            assertEquals("2", again.properties().correlationId());
            AmqpRpc.reply(ch, again, Properties.EMPTY, utf8("second"));
            assertEquals("second", second.await()); // the late reply to request 1 was not taken for it
            caller.join();
        });
    }

    @Test
    void callsFailWhenTheConnectionCloses() throws Exception {
        String name = Live.name("rpc-close");
        Live.with(Broker.config().connectionName(name).build(), c -> {
            AmqpChannel ch = c.openChannel();
            String q = ch.queueDeclare(QueueSpec.serverNamed()).name();
            AmqpRpc rpc = AmqpRpc.directReplyTo(c.openChannel());
            Coro killer = Coro.spawn(() -> {
                try {
                    Live.ctl("close_connection", ConnectionTest.brokerName(name), "bye");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            AmqpException e = assertThrows(AmqpException.class, () -> rpc.call("", q, Properties.EMPTY, utf8("x"), Live.WAIT));
            assertEquals(320, e.replyCode());
            assertThrows(AmqpException.class, () -> rpc.call("", q, Properties.EMPTY, utf8("x"), Live.WAIT));
            killer.join();
        });
    }
}
