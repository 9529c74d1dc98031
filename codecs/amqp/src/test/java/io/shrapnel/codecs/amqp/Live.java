package io.shrapnel.codecs.amqp;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.mailbox.Inbox;
import java.time.Duration;
import java.util.UUID;

/** Helpers for tests against the real broker: a loop per test, a connection per body, fresh names. */
final class Live {
    static final Duration WAIT = Duration.ofSeconds(10);

    interface ConnBody {
        void run(AmqpConnection c) throws Exception;
    }

    private Live() {}

    /** Opens a connection with {@code config}, runs {@code body} in a coro of a fresh loop, closes it. */
    static void with(AmqpConfig config, ConnBody body) throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                AmqpConnection c = AmqpConnection.open(config);
                try {
                    body.run(c);
                } finally {
                    c.close();
                }
            });
        }
    }

    static void with(ConnBody body) throws Exception {
        with(Broker.config().build(), body);
    }

    static String name(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** The next message in the current coro's mailbox, failing after {@link #WAIT}. */
    static <T> T next(Class<T> type) {
        Inbox<Object> in = Actors.inbox();
        return in.receive(type, WAIT).orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " within " + WAIT));
    }

    /** Runs rabbitmqctl off the loop. */
    static String ctl(String... args) throws Exception {
        return Coro.offload(() -> Broker.ctl(args));
    }
}
