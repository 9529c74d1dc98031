package io.shrapnel.mailbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The temporary address an ask hands out: one reply, what it says about itself, platform-thread askers. */
@ExtendWith(CoroTestExtension.class)
class ReplyAddressTest {
    @Test
    void aReplyAddressTakesTheFirstReplyOnlyAndSaysSo() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                List<Object> facts = new ArrayList<>();
                List<DeadLetter> letters = new ArrayList<>();
                ActorRef<DeadLetter> office = Actors.spawn("office", (Inbox<DeadLetter> in) -> {
                    while (true) {
                        letters.add(in.receive());
                    }
                });
                DeadLetters.subscribe(office);
                ActorRef<ActorRef<String>> server = Actors.spawn("answering", (Inbox<ActorRef<String>> in) -> {
                    ActorRef<String> r = in.receive();
                    facts.add(r.name());
                    facts.add(r.toString());
                    facts.add(r.isAlive());
                    facts.add(r.offer("first"));
                    facts.add(r.isAlive());
                    facts.add(r.offer("second"));
                    facts.add(r.offer("third", Duration.ofSeconds(1)));
                    r.tell("fourth");
                });
                String answer = server.<String>ask(reply -> reply, Duration.ofSeconds(1));
                Coro.sleep(Duration.ofMillis(1));
                DeadLetters.unsubscribe(office);
                Actors.stop(office);
                Coro.sleep(Duration.ofMillis(1));
                assertEquals("first", answer);
                assertEquals(List.of("reply-to-answering", "<reply address for an ask of " + server + ">",
                        true, true, false, false, false), facts);
                assertEquals(List.of("second", "third", "fourth"), letters.stream().map(DeadLetter::message).toList());
                assertTrue(letters.stream().allMatch(l -> l.cause() == DeadLetter.Cause.LATE_REPLY), letters.toString());
            });
        }
    }

    @Test
    void aTimedOfferIsAReplyLikeAnyOther() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                List<Boolean> accepted = new ArrayList<>();
                ActorRef<ActorRef<String>> server = Actors.spawn("timed", (Inbox<ActorRef<String>> in) ->
                        accepted.add(in.receive().offer("timed answer", Duration.ofSeconds(1))));
                assertEquals("timed answer", server.<String>ask(reply -> reply, Duration.ofSeconds(1)));
                Coro.sleep(Duration.ofMillis(1));
                assertEquals(List.of(true), accepted);
            });
        }
    }

    @Test
    void aReplyAfterTheAskGaveUpIsRefused() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                List<Object> facts = new ArrayList<>();
                ActorRef<ActorRef<String>> server = Actors.spawn("slow", (Inbox<ActorRef<String>> in) -> {
                    ActorRef<String> r = in.receive();
                    Coro.sleep(Duration.ofSeconds(2));
                    facts.add(r.isAlive());
                    facts.add(r.offer("too late"));
                });
                assertThrows(AskTimeoutException.class, () -> server.<String>ask(reply -> reply, Duration.ofSeconds(1)));
                Coro.sleep(Duration.ofSeconds(2));
                assertEquals(List.of(false, false), facts);
            });
        }
    }

    @Test
    void aPlatformThreadWaitsForAReplyThatComesLaterAndIsNotLeftInterrupted() throws Exception {
        try (Scheduler loop = Scheduler.create("asked").start()) {
            ActorRef<ActorRef<String>> server = Actors.named("ponderer").on(loop).spawn((Inbox<ActorRef<String>> in) -> {
                ActorRef<String> r = in.receive();
                Coro.sleep(Duration.ofMillis(100));
                r.tell("pondered");
            });
            assertEquals("pondered", server.<String>ask(reply -> reply, Duration.ofMinutes(1)));
            assertFalse(Thread.currentThread().isInterrupted());
        }
    }

    @Test
    void anInterruptedPlatformThreadStopsAskingAndKeepsItsInterrupt() throws Exception {
        try (Scheduler loop = Scheduler.create("asked").start()) {
            ActorRef<ActorRef<String>> server = Actors.named("mute").on(loop).spawn((Inbox<ActorRef<String>> in) -> {
                in.receive();
                in.receive();
            });
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicBoolean stillInterrupted = new AtomicBoolean();
            AtomicBoolean asking = new AtomicBoolean();
            Thread asker = Thread.ofPlatform().start(() -> {
                try {
                    asking.set(true);
                    server.<String>ask(reply -> reply, Duration.ofMinutes(1));
                } catch (Throwable t) {
                    thrown.set(t);
                }
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            });
            await().until(() -> asking.get() && Actors.stats(server).received() == 1);
            asker.interrupt();
            assertTrue(asker.join(Duration.ofSeconds(30)));
            assertTrue(thrown.get() instanceof AskTimeoutException, String.valueOf(thrown.get()));
            assertTrue(stillInterrupted.get());
            Actors.stop(server);
        }
    }
}
