package io.shrapnel.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's actor examples, as they are written there. */
@ExtendWith(CoroTestExtension.class)
class ReadmeExampleTest {
    sealed interface Msg permits Add, Get {}

    record Add(int n) implements Msg {}

    record Get(ActorRef<Integer> replyTo) implements Msg {}

    // ---- as in the README ----
    static Behavior<Msg> counter(int total) {
        return msg -> switch (msg) {
            case Add a -> counter(total + a.n());
            case Get g -> { g.replyTo().tell(total); yield Behaviors.same(); }
        };
    }
    // ----

    @Test
    void theHandlerCounterExampleAnswersTwo() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            int answer = loop.call(() -> {
                ActorRef<Msg> fast = Actors.spawnHandler("counter", counter(0));
                fast.tell(new Add(2));
                int total = fast.ask(Get::new, Duration.ofSeconds(1));
                Actors.stop(fast);
                Coro.sleep(Duration.ofMillis(1)); // the stop takes effect at its next turn
                return total;
            });
            assertEquals(2, answer);
        }
    }

    @Test
    void theCounterExampleAnswersTwo() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            int answer = loop.call(() -> {
                // ---- as in the README ----
                ActorRef<Msg> counter = Actors.spawn("counter", (Inbox<Msg> in) -> {
                    int total = 0;
                    while (true) {
                        switch (in.receive()) {
                            case Add a -> total += a.n();
                            case Get g -> g.replyTo().tell(total);
                        }
                    }
                });
                counter.tell(new Add(2));
                int total = counter.ask(Get::new, Duration.ofSeconds(1));
                // ----
                Actors.stop(counter);
                Coro.sleep(Duration.ofMillis(1));
                return total;
            });
            assertEquals(2, answer);
        }
    }
}
