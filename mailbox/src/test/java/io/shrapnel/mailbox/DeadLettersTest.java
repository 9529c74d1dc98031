package io.shrapnel.mailbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CoroTestExtension.class)
class DeadLettersTest {
    @Test
    void messagesToAnExitedCoroAreCountedAndPublished() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            List<DeadLetter> seen = loop.call(() -> {
                List<DeadLetter> letters = new ArrayList<>();
                ActorRef<DeadLetter> watcher = Actors.spawn("watch", (Inbox<DeadLetter> in) -> {
                    while (true) {
                        letters.add(in.receive());
                    }
                });
                DeadLetters.subscribe(watcher);
                try {
                    ActorRef<String> gone = Actors.spawn("gone", (Inbox<String> in) -> { });
                    Coro.sleep(Duration.ofMillis(1));
                    assertFalse(gone.isAlive());
                    long before = DeadLetters.count();
                    gone.tell("one");
                    assertFalse(gone.offer("two"));
                    assertEquals(before + 2, DeadLetters.count());
                    assertEquals(2, Actors.stats(gone).deadLetters());
                    Coro.sleep(Duration.ofMillis(1));
                } finally {
                    DeadLetters.unsubscribe(watcher);
                    Actors.stop(watcher);
                }
                Coro.sleep(Duration.ofMillis(1));
                return letters;
            });
            assertEquals(List.of("one", "two"), seen.stream().map(DeadLetter::message).toList());
            assertSame(DeadLetter.Cause.RECIPIENT_DEAD, seen.get(0).cause());
            assertEquals("gone", seen.get(0).recipient().name());
        }
    }

    @Test
    void aSubscriberThatHasExitedIsDroppedAndAFullOneIsKept() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                ActorRef<String> gone = Actors.spawn("gone", (Inbox<String> in) -> { });
                ActorRef<DeadLetter> quitter = Actors.spawn("quitter", (Inbox<DeadLetter> in) -> in.receive());
                ActorRef<DeadLetter> sleeper = Actors.named("sleeper").bounded(1).spawn((Inbox<DeadLetter> in) -> {
                    Coro.sleep(Duration.ofSeconds(1));
                    while (in.receive(Duration.ZERO).isPresent()) {
                        // drain
                    }
                });
                DeadLetters.subscribe(quitter);
                DeadLetters.subscribe(sleeper);
                try {
                    Coro.sleep(Duration.ofMillis(1));
                    gone.tell("first"); // the quitter takes it and exits
                    Coro.sleep(Duration.ofMillis(1));
                    assertFalse(quitter.isAlive());
                    for (int i = 0; i < 40; i++) {
                        gone.tell("more " + i); // far more than the sleeper's mailbox holds
                    }
                    assertTrue(Actors.stats(sleeper).depth() < 40, "the sleeper's mailbox filled up");
                    assertFalse(DeadLetters.unsubscribe(quitter), "dropped when a letter found it gone");
                    assertTrue(DeadLetters.unsubscribe(sleeper), "full but alive: kept");
                } finally {
                    DeadLetters.unsubscribe(quitter);
                    DeadLetters.unsubscribe(sleeper);
                }
                Coro.sleep(Duration.ofSeconds(1));
            });
        }
    }

    @Test
    void aDeadLetterAboutADeadLetterIsCountedButNotPublished() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                List<DeadLetter> seen = new ArrayList<>();
                ActorRef<DeadLetter> watcher = Actors.spawn("watch", (Inbox<DeadLetter> in) -> {
                    while (true) {
                        seen.add(in.receive());
                    }
                });
                ActorRef<Object> gone = Actors.spawn("gone", (Inbox<Object> in) -> { });
                DeadLetters.subscribe(watcher);
                try {
                    Coro.sleep(Duration.ofMillis(1));
                    gone.tell(new DeadLetter(gone, "inner", DeadLetter.Cause.MAILBOX_FULL));
                    Coro.sleep(Duration.ofMillis(1));
                    assertEquals(1, Actors.stats(gone).deadLetters());
                    assertEquals(List.of(), seen);
                } finally {
                    DeadLetters.unsubscribe(watcher);
                    Actors.stop(watcher);
                }
                Coro.sleep(Duration.ofMillis(1));
            });
        }
    }

    @Test
    void messagesInFlightWhenACoroDiesBecomeDeadLettersNoneIsLost() throws Exception {
        try (Scheduler loop = Scheduler.create("dies").start()) {
            AtomicInteger taken = new AtomicInteger();
            ActorRef<Integer> victim = Actors.named("victim").on(loop).spawn((Inbox<Integer> in) -> {
                for (int i = 0; i < 5_000; i++) {
                    in.receive();
                    taken.incrementAndGet();
                }
                // exits with messages still coming in from the threads below
            });
            int perThread = 20_000;
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < perThread; i++) {
                        victim.tell(i);
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            // isAlive turns false as the close begins; the drain into dead letters follows
            await().until(() -> Actors.stats(victim).received() + Actors.stats(victim).deadLetters() == 4L * perThread);
            assertFalse(victim.isAlive());
            MailboxStats s = Actors.stats(victim);
            assertEquals(5_000, taken.get());
            assertEquals(5_000, s.received());
            assertEquals(4L * perThread - 5_000, s.deadLetters(), "every message not taken is a dead letter");
            assertEquals(0, s.depth());
        }
    }

    @Test
    void aRegisteredNameIsFoundAndReleasedWhenItsActorExits() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                ActorRef<String> svc = Actors.spawn("svc", (Inbox<String> in) -> in.receive());
                Registry.register("svc", svc);
                assertSame(svc, Registry.whereis("svc").orElseThrow());
                IllegalStateException taken = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                        () -> Registry.register("svc", Actors.self()));
                assertTrue(taken.getMessage().contains("taken"), taken.getMessage());
                Registry.<String>whereis("svc").orElseThrow().tell("bye");
                Coro.sleep(Duration.ofMillis(1));
                assertFalse(svc.isAlive());
                assertTrue(Registry.whereis("svc").isEmpty());
                assertFalse(Registry.names().contains("svc"));
            });
        }
    }
}
