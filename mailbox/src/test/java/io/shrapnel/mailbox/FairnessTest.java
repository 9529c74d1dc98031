package io.shrapnel.mailbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Handler actors that never run out of work must not starve the rest of their loop. */
@ExtendWith(CoroTestExtension.class)
class FairnessTest {
    /** A handler actor that sends itself a message for each one it handles: it is never idle. */
    private static ActorRef<String> spinner(ActorBuilder builder, AtomicLong handled) {
        return builder.spawnHandler(Behaviors.<String>setup(ctx -> m -> {
            handled.incrementAndGet();
            ctx.self().tell(m);
            return Behaviors.same();
        }));
    }

    @Test
    void aHandlerThatKeepsSendingToItselfLetsTheOtherCorosOfItsLoopRun() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                AtomicLong handled = new AtomicLong();
                ActorRef<String> spin = spinner(Actors.named("spin"), handled);
                spin.tell("again");
                for (int i = 0; i < 20; i++) {
                    Coro.yieldSlice(); // each comes back: the dispatcher gives the loop up now and then
                }
                assertTrue(handled.get() > 0);
                Actors.stop(spin);
                Coro.yieldSlice();
            });
        }
    }

    @Test
    void aHandlerThatKeepsSendingToItselfDoesNotStarveAnotherHandler() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                AtomicLong handled = new AtomicLong();
                List<String> got = new CopyOnWriteArrayList<>();
                ActorRef<String> spin = spinner(Actors.named("spin"), handled);
                ActorRef<String> other = Actors.spawnHandler("other", m -> {
                    got.add(m);
                    return Behaviors.same();
                });
                spin.tell("again");
                Coro.yieldSlice();
                other.tell("served");
                for (int i = 0; i < 20 && got.isEmpty(); i++) {
                    Coro.yieldSlice();
                }
                assertEquals(List.of("served"), got);
                Actors.stop(spin);
                Actors.stop(other);
                Coro.yieldSlice();
            });
        }
    }

    @Test
    void aCoroActorWhoseMailboxNeverRunsDryLetsTheOtherCorosOfItsLoopRun() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                AtomicLong received = new AtomicLong();
                ActorRef<String> drinker = Actors.spawn("drinker", (Inbox<String> in) -> {
                    while (true) {
                        in.self().tell("more"); // a receive that never has to park
                        in.receive(String.class, Duration.ofSeconds(1));
                        received.incrementAndGet();
                    }
                });
                for (int i = 0; i < 20; i++) {
                    Coro.yieldSlice(); // each comes back: the receiver yields after a streak
                }
                assertTrue(received.get() > 0);
                Actors.stop(drinker);
                Coro.yieldSlice();
            });
        }
    }

    @Test
    void messagesFromOtherThreadsAreServedWhileLocalHandlersPingPongForever() throws Exception {
        try (Scheduler loop = Scheduler.create("busy").start()) {
            AtomicLong handled = new AtomicLong();
            List<String> got = new CopyOnWriteArrayList<>();
            ActorRef<String> spin = spinner(Actors.named("spin").on(loop), handled);
            ActorRef<String> other = Actors.named("other").on(loop).spawnHandler(m -> {
                got.add(m);
                return Behaviors.same();
            });
            spin.tell("again");
            await().until(() -> handled.get() > 1000);
            other.tell("from a platform thread");
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> !got.isEmpty());
            } finally {
                Actors.stop(spin);
                Actors.stop(other);
            }
            assertEquals(List.of("from a platform thread"), got);
            await().until(() -> !spin.isAlive() && !other.isAlive());
        }
    }
}
