package io.shrapnel.mailbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.TimeoutError;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Senders parked on a full bounded mailbox that leave before they get room. */
@ExtendWith(CoroTestExtension.class)
class WaitingForRoomTest {
    /** A bounded(1) actor that starts taking messages after {@code delay}, and returns on "end". */
    private static ActorRef<String> lateReceiver(Duration delay, List<String> got) {
        return Actors.named("late").bounded(1).spawn((Inbox<String> in) -> {
            Coro.sleep(delay);
            String m;
            while (!(m = in.receive()).equals("end")) {
                got.add(m);
            }
        });
    }

    @Test
    void aCoroSenderThatGivesUpWhileWaitingPassesTheRoomToTheNextSender() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                List<String> got = new CopyOnWriteArrayList<>();
                List<Throwable> gaveUp = new CopyOnWriteArrayList<>();
                ActorRef<String> late = lateReceiver(Duration.ofSeconds(1), got);
                late.tell("m1");
                Coro first = Coro.spawn(() -> {
                    try {
                        Coro.withTimeout(Duration.ofMillis(100), () -> late.tell("from the impatient one"));
                    } catch (TimeoutError e) {
                        gaveUp.add(e);
                    }
                });
                Coro.sleep(Duration.ofMillis(200));
                assertEquals(1, gaveUp.size());
                assertEquals(0, Actors.stats(late).waitingSenders(), "the impatient sender left the queue");
                Coro second = Coro.spawn(() -> late.tell("from the patient one"));
                Coro.sleep(Duration.ofMillis(300));
                assertEquals(1, Actors.stats(late).waitingSenders());
                Coro.sleep(Duration.ofSeconds(1));
                assertEquals(List.of("m1", "from the patient one"), got);
                second.join();
                first.join();
                late.tell("end");
                Coro.sleep(Duration.ofMillis(1));
            });
        }
    }

    @Test
    void anInterruptedPlatformThreadStopsWaitingAndKeepsItsInterrupt() throws Exception {
        try (Scheduler loop = Scheduler.create("room").start()) {
            AtomicBoolean go = new AtomicBoolean();
            List<String> got = new CopyOnWriteArrayList<>();
            ActorRef<String> ref = Actors.named("gated").on(loop).bounded(1).spawn((Inbox<String> in) -> {
                while (!go.get()) {
                    Coro.sleep(Duration.ofMillis(1));
                }
                String m;
                while (!(m = in.receive()).equals("end")) {
                    got.add(m);
                }
            });
            assertTrue(ref.offer("first"));
            AtomicReference<Boolean> result = new AtomicReference<>();
            AtomicBoolean stillInterrupted = new AtomicBoolean();
            Thread sender = Thread.ofPlatform().start(() -> {
                result.set(ref.offer("second", Duration.ofMinutes(1)));
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            });
            await().until(() -> Actors.stats(ref).waitingSenders() == 1);
            sender.interrupt();
            assertTrue(sender.join(Duration.ofSeconds(30)));
            assertEquals(Boolean.FALSE, result.get(), "interrupted before there was room");
            assertTrue(stillInterrupted.get(), "the interrupt is kept for the caller");
            assertEquals(0, Actors.stats(ref).waitingSenders());
            go.set(true);
            assertTrue(ref.offer("third", Duration.ofMinutes(1)));
            assertTrue(ref.offer("end", Duration.ofMinutes(1)));
            await().until(() -> !ref.isAlive());
            assertEquals(List.of("first", "third"), got);
        }
    }

    @Test
    void aPlatformThreadFeedsAFullHandlerActorAsItMakesRoom() throws Exception {
        try (Scheduler loop = Scheduler.create("room").start()) {
            List<String> got = new CopyOnWriteArrayList<>();
            ActorRef<String> h = Actors.named("h").on(loop).bounded(1).spawnHandler(m -> {
                got.add(m);
                return Behaviors.same();
            });
            for (int i = 0; i < 50; i++) {
                assertTrue(h.offer("m" + i, Duration.ofMinutes(1)));
            }
            await().until(() -> got.size() == 50);
            assertEquals("m49", got.get(49));
            Actors.stop(h);
            await().until(() -> !h.isAlive());
            assertFalse(h.offer("late", Duration.ofSeconds(1)));
        }
    }
}
