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

@ExtendWith(CoroTestExtension.class)
class BoundedMailboxTest {
    @Test
    void aCoroSenderParksOnAFullMailboxAndResumesWhenTheReceiverTakesOne() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            List<String> events = loop.call(() -> {
                List<String> ev = new ArrayList<>();
                long t0 = Coro.now();
                ActorRef<Integer> slow = Actors.named("slow").bounded(2).spawn((Inbox<Integer> in) -> {
                    for (int i = 0; i < 4; i++) {
                        Coro.sleep(Duration.ofSeconds(1));
                        ev.add("took " + in.receive() + " at " + seconds(t0));
                    }
                });
                for (int i = 1; i <= 4; i++) {
                    slow.tell(i); // the third and fourth park until there is room
                    ev.add("sent " + i + " at " + seconds(t0));
                }
                Coro.sleep(Duration.ofSeconds(10));
                return ev;
            });
            assertEquals(List.of("sent 1 at 0", "sent 2 at 0", "took 1 at 1", "sent 3 at 1", "took 2 at 2",
                    "sent 4 at 2", "took 3 at 3", "took 4 at 4"), events);
        }
    }

    private static long seconds(long since) {
        return (Coro.now() - since) / 1_000_000_000L;
    }

    @Test
    void offerReturnsFalseOnAFullMailboxAndKeepsTheMessageOutOfDeadLetters() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                ActorRef<String> ref = Actors.named("full").bounded(1).spawn((Inbox<String> i) -> {
                    Coro.sleep(Duration.ofSeconds(1));
                    i.receive();
                    i.receive();
                });
                long dead = DeadLetters.count();
                assertTrue(ref.offer("one"));
                assertFalse(ref.offer("two"));
                assertEquals(dead, DeadLetters.count());
                assertTrue(ref.offer("two", Duration.ofSeconds(5))); // parks until the receiver takes one
                Coro.sleep(Duration.ofSeconds(2));
            });
        }
    }

    @Test
    void aCoroOfferWithTimeoutGivesUpExactlyAtItsDeadline() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            long[] waited = new long[1];
            boolean sent = loop.call(() -> {
                ActorRef<String> never = Actors.named("never-reads").bounded(1).spawn((Inbox<String> i) ->
                        Coro.sleep(Duration.ofMinutes(1)));
                never.tell("fills it");
                long t0 = Coro.now();
                boolean r = never.offer("waits", Duration.ofSeconds(3));
                waited[0] = Coro.now() - t0;
                Actors.stop(never);
                Coro.sleep(Duration.ofMillis(1));
                return r;
            });
            assertFalse(sent);
            assertEquals(Duration.ofSeconds(3).toNanos(), waited[0]);
        }
    }

    @Test
    void aForeignTellToAFullMailboxNeverBlocksAndMakesADeadLetter() throws Exception {
        try (Scheduler loop = Scheduler.create("bounded").start()) {
            AtomicBoolean go = new AtomicBoolean();
            List<String> got = new ArrayList<>();
            ActorRef<String> ref = Actors.named("busy").on(loop).bounded(2).spawn((Inbox<String> in) -> {
                while (!go.get()) {
                    Coro.sleep(Duration.ofMillis(1));
                }
                for (int i = 0; i < 2; i++) {
                    got.add(in.receive());
                }
            });
            long before = Actors.stats(ref).deadLetters();
            ref.tell("a");
            ref.tell("b");
            ref.tell("c"); // full: a platform thread is never parked by tell
            assertEquals(before + 1, Actors.stats(ref).deadLetters());
            go.set(true);
            await().until(() -> !ref.isAlive());
            assertEquals(List.of("a", "b"), got);
        }
    }

    @Test
    void aPlatformThreadOfferWithTimeoutBlocksUntilThereIsRoom() throws Exception {
        try (Scheduler loop = Scheduler.create("bounded").start()) {
            AtomicBoolean go = new AtomicBoolean();
            List<String> got = new ArrayList<>();
            ActorRef<String> ref = Actors.named("gated").on(loop).bounded(1).spawn((Inbox<String> in) -> {
                while (!go.get()) {
                    Coro.sleep(Duration.ofMillis(1));
                }
                got.add(in.receive());
                got.add(in.receive());
            });
            assertTrue(ref.offer("first"));
            assertFalse(ref.offer("second", Duration.ofMillis(20)), "no room within 20 ms");
            AtomicReference<Boolean> result = new AtomicReference<>();
            Thread sender = Thread.ofPlatform().start(() -> result.set(ref.offer("second", Duration.ofMinutes(1))));
            await().until(() -> Actors.stats(ref).waitingSenders() == 1);
            go.set(true);
            sender.join(Duration.ofSeconds(30));
            assertEquals(Boolean.TRUE, result.get());
            await().until(() -> !ref.isAlive());
            assertEquals(List.of("first", "second"), got);
        }
    }

    @Test
    void theDeadLetterPolicyNeverParksACoroSender() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            long[] dead = new long[2];
            loop.run(() -> {
                ActorRef<Integer> ref = Actors.named("lossy").mailbox(MailboxConfig.bounded(3, Overflow.DEAD_LETTER))
                        .spawn((Inbox<Integer> in) -> {
                            Coro.sleep(Duration.ofSeconds(1));
                            for (int i = 0; i < 3; i++) {
                                in.receive();
                            }
                        });
                long t0 = Coro.now();
                for (int i = 0; i < 10; i++) {
                    ref.tell(i);
                }
                assertEquals(t0, Coro.now(), "the sender never waited");
                dead[0] = Actors.stats(ref).deadLetters();
                Coro.sleep(Duration.ofSeconds(2));
            });
            assertEquals(7, dead[0]);
        }
    }

    @Test
    void aHandlerActorSendingToItsOwnFullMailboxGetsAnErrorInsteadOfADeadlock() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                List<String> seen = new ArrayList<>();
                ActorRef<String> h = Actors.named("echo").bounded(1).spawnHandler(Behaviors.<String>setup(ctx -> m -> {
                    seen.add(m);
                    if (m.equals("go")) {
                        ctx.self().tell("one");
                        seen.add(assertThrows(IllegalStateException.class, () -> ctx.self().tell("two")).getMessage());
                    }
                    return Behaviors.same();
                }));
                h.tell("go");
                Coro.sleep(Duration.ofMillis(1));
                assertEquals(3, seen.size(), seen.toString());
                assertTrue(seen.get(1).contains("is full and the sender is its own receiver"), seen.get(1));
                assertEquals("one", seen.get(2));
                Actors.stop(h);
                Coro.sleep(Duration.ofMillis(1));
            });
        }
    }

    @Test
    void anActorSendingToItsOwnFullMailboxGetsAnErrorInsteadOfADeadlock() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            IllegalStateException e = loop.call(() -> {
                AtomicReference<IllegalStateException> err = new AtomicReference<>();
                ActorRef<String> ref = Actors.named("narcissus").bounded(1).spawn((Inbox<String> in) -> {
                    in.self().tell("one");
                    err.set(assertThrows(IllegalStateException.class, () -> in.self().tell("two")));
                });
                Coro.sleep(Duration.ofMillis(1));
                assertFalse(ref.isAlive());
                return err.get();
            });
            assertTrue(e.getMessage().contains("offer"), e.getMessage());
        }
    }

    @Test
    void sendersWaitingForRoomAreReleasedWhenTheReceiverExitsAndTheirMessagesBecomeDeadLetters() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            List<String> events = loop.call(() -> {
                List<String> ev = new ArrayList<>();
                long t0 = Coro.now();
                ActorRef<String> ref = Actors.named("quitter").bounded(1).spawn((Inbox<String> in) ->
                        Coro.sleep(Duration.ofSeconds(5)));
                ref.tell("fills it");
                List<Coro> senders = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    int n = i;
                    senders.add(Coro.spawn(() -> {
                        ref.tell("waiting " + n);
                        ev.add("sender " + n + " released at " + seconds(t0));
                    }));
                }
                for (Coro c : senders) {
                    c.join();
                }
                ev.add("dead letters " + Actors.stats(ref).deadLetters());
                return ev;
            });
            assertEquals(List.of("sender 0 released at 5", "sender 1 released at 5", "sender 2 released at 5",
                    "dead letters 4"), events);
        }
    }
}
