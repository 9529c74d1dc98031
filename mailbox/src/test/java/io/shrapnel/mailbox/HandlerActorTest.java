package io.shrapnel.mailbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.Shutdown;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CoroTestExtension.class)
class HandlerActorTest {
    sealed interface Msg permits Add, Get, Nap, Boom, Ball {}

    record Add(int n) implements Msg {}

    record Get(ActorRef<Integer> replyTo) implements Msg {}

    record Nap(Duration d) implements Msg {}

    record Boom() implements Msg {}

    record Ball(int hits, ActorRef<Msg> from) implements Msg {}

    static Behavior<Msg> counter(int total) {
        return msg -> switch (msg) {
            case Add a -> counter(total + a.n());
            case Get g -> {
                g.replyTo().tell(total);
                yield Behaviors.same();
            }
            case Nap n -> {
                Coro.sleep(n.d());
                yield Behaviors.same();
            }
            case Boom b -> throw new IllegalStateException("boom");
            case Ball b -> Behaviors.stopped();
        };
    }

    private static long seconds(long since) {
        return (Coro.now() - since) / 1_000_000_000L;
    }

    @Test
    void aHandlerActorHandlesItsMessagesInOrderAndChangesBehaviour() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            int total = loop.call(() -> {
                ActorRef<Msg> c = Actors.spawnHandler("counter", counter(0));
                for (int i = 1; i <= 100; i++) {
                    c.tell(new Add(i));
                }
                int t = c.ask(Get::new, Duration.ofSeconds(1));
                c.tell(new Ball(0, null)); // stops it
                Coro.sleep(Duration.ofMillis(1));
                assertFalse(c.isAlive());
                return t;
            });
            assertEquals(5050, total);
            assertEquals(0, loop.scheduler().liveCoros(), "no dispatcher coro is left once nothing is ready");
        }
    }

    @Test
    void pingPongBetweenHandlerActorsNeedsNoCoroSwitchPerMessage() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            long[] resumes = new long[2];
            int[] hits = new int[1];
            loop.run(() -> {
                Behavior<Msg> player = Behaviors.setup(ctx -> msg -> {
                    if (msg instanceof Ball b) {
                        if (b.hits() == 100_000) {
                            hits[0] = b.hits();
                            return Behaviors.stopped();
                        }
                        b.from().tell(new Ball(b.hits() + 1, ctx.self()));
                        if (b.hits() + 1 == 100_000) {
                            return Behaviors.stopped();
                        }
                    }
                    return Behaviors.same();
                });
                ActorRef<Msg> a = Actors.spawnHandler("ping", player);
                ActorRef<Msg> b = Actors.spawnHandler("pong", player);
                resumes[0] = loop.scheduler().stats().resumes();
                a.tell(new Ball(0, b));
                while (a.isAlive() || b.isAlive()) {
                    Coro.sleep(Duration.ofMillis(1));
                }
                resumes[1] = loop.scheduler().stats().resumes();
            });
            assertEquals(100_000, hits[0]);
            long switches = resumes[1] - resumes[0];
            assertTrue(switches < 100_000 / 100, "100,000 messages took " + switches + " coro resumes");
        }
    }

    @Test
    void aHandlerThatBlocksIsFinishedOnItsOwnCoroWhileTheOtherActorsCarryOn() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            List<String> events = new ArrayList<>();
            LoopStats[] during = new LoopStats[1];
            loop.run(() -> {
                long t0 = Coro.now();
                ActorRef<String> sleepy = Actors.spawnHandler("sleepy", msg -> {
                    if (msg.equals("nap")) {
                        Coro.sleep(Duration.ofSeconds(10));
                    }
                    events.add("sleepy " + msg + " at " + seconds(t0));
                    return Behaviors.same();
                });
                ActorRef<String> lively = Actors.spawnHandler("lively", msg -> {
                    events.add("lively " + msg + " at " + seconds(t0));
                    return Behaviors.same();
                });
                sleepy.tell("nap");
                sleepy.tell("after nap 1");
                sleepy.tell("after nap 2");
                lively.tell("a");
                Coro.sleep(Duration.ofSeconds(1));
                lively.tell("b");
                Coro.sleep(Duration.ofSeconds(1));
                during[0] = Actors.stats(loop.scheduler());
                Coro.sleep(Duration.ofSeconds(10));
                Actors.stop(sleepy);
                Actors.stop(lively);
                Coro.sleep(Duration.ofMillis(1));
            });
            assertEquals(List.of("lively a at 0", "lively b at 1", "sleepy nap at 10", "sleepy after nap 1 at 10",
                    "sleepy after nap 2 at 10"), events);
            assertEquals(1, during[0].busyHandlers());
            assertEquals(1, during[0].handlersDetached());
        }
    }

    @Test
    void aHandlerParkedInAJdkLockIsDetachedToo() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            List<String> events = new ArrayList<>();
            ReentrantLock lock = new ReentrantLock();
            loop.run(() -> {
                lock.lock();
                ActorRef<String> locker = Actors.spawnHandler("locker", msg -> {
                    lock.lock(); // a JDK park: no kernel wait involved
                    try {
                        events.add("locker got the lock for " + msg);
                    } finally {
                        lock.unlock();
                    }
                    return Behaviors.same();
                });
                ActorRef<String> other = Actors.spawnHandler("other", msg -> {
                    events.add("other " + msg);
                    return Behaviors.same();
                });
                locker.tell("x");
                other.tell("y");
                Coro.sleep(Duration.ofSeconds(1));
                events.add("unlocking");
                lock.unlock();
                Coro.sleep(Duration.ofSeconds(1));
                Actors.stop(locker);
                Actors.stop(other);
                Coro.sleep(Duration.ofMillis(1));
            });
            assertEquals(List.of("other y", "unlocking", "locker got the lock for x"), events);
        }
    }

    @Test
    void setupRunsWhenTheActorStartsWithItsContext() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            List<Object> seen = new ArrayList<>();
            loop.run(() -> {
                ActorRef<Object> probe = Actors.self();
                ActorRef<String> a = Actors.spawnHandler("greeter", Behaviors.<String>setup(ctx -> {
                    probe.tell("started as " + ctx.self().name());
                    return msg -> {
                        assertSame(ctx.self(), Actors.self());
                        probe.tell("got " + msg);
                        return Behaviors.stopped();
                    };
                }));
                seen.add(Actors.inbox().receive());
                a.tell("hello");
                seen.add(Actors.inbox().receive());
            });
            assertEquals(List.of("started as greeter", "got hello"), seen);
        }
    }

    @Test
    void aHandlerThatThrowsEndsTheActorAndItsMonitorsAreToldWhy() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            Down down = loop.call(() -> {
                ActorRef<Msg> c = Actors.spawnHandler("fragile", counter(0));
                Inbox<Object> in = Actors.inbox();
                in.monitor(c, d -> d);
                c.tell(new Boom());
                c.tell(new Add(1)); // after the failure: a dead letter
                Down d = (Down) in.receive();
                assertEquals(1, Actors.stats(c).deadLetters());
                return d;
            });
            assertInstanceOf(IllegalStateException.class, down.reason());
            assertEquals("fragile", down.actor().name());
        }
    }

    @Test
    void stoppingAHandlerActorWhoseHandlerIsBlockedUnblocksIt() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            long[] at = new long[1];
            Down down = loop.call(() -> {
                long t0 = Coro.now();
                ActorRef<Msg> c = Actors.spawnHandler("napper", counter(0));
                Inbox<Object> in = Actors.inbox();
                in.monitor(c, d -> d);
                c.tell(new Nap(Duration.ofHours(1)));
                Coro.sleep(Duration.ofSeconds(2));
                Actors.stop(c);
                Down d = (Down) in.receive();
                at[0] = seconds(t0);
                return d;
            });
            assertInstanceOf(Shutdown.class, down.reason());
            assertEquals(2, at[0]);
            assertEquals(0, Actors.stats(loop.scheduler()).busyHandlers());
        }
    }

    @Test
    void insideAHandlerTheInboxIsOffLimitsWithAMessageThatSaysWhy() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            AtomicReference<IllegalStateException> err = new AtomicReference<>();
            loop.run(() -> {
                ActorRef<String> a = Actors.spawnHandler("confused", msg -> {
                    err.set(assertThrows(IllegalStateException.class, Actors::inbox));
                    return Behaviors.stopped();
                });
                a.tell("x");
                Coro.sleep(Duration.ofMillis(1));
            });
            assertTrue(err.get().getMessage().contains("Behaviors.setup"), err.get().getMessage());
        }
    }

    @Test
    void platformThreadsAndCorosOfOtherLoopsFeedAHandlerActorInOrder() throws Exception {
        List<Scheduler> loops = Scheduler.startLoops("handler", 2);
        try {
            List<Integer> got = new ArrayList<>();
            ActorRef<Integer> sink = Actors.named("sink").on(loops.get(0)).spawnHandler(n -> {
                got.add(n);
                return Behaviors.same();
            });
            loops.get(1).spawn(() -> {
                for (int i = 0; i < 50_000; i++) {
                    sink.tell(2 * i + 1);
                }
            });
            for (int i = 0; i < 50_000; i++) {
                sink.tell(2 * i);
            }
            await().until(() -> Actors.stats(sink).received() == 100_000);
            int lastEven = -2;
            int lastOdd = -1;
            for (int n : got) {
                if (n % 2 == 0) {
                    assertEquals(lastEven + 2, n);
                    lastEven = n;
                } else {
                    assertEquals(lastOdd + 2, n);
                    lastOdd = n;
                }
            }
            Actors.stop(sink);
            await().until(() -> loops.stream().allMatch(l -> l.liveCoros() == 0));
        } finally {
            for (Scheduler l : loops) {
                l.close();
            }
        }
    }

    @Test
    void aHandlerSendingToAFullMailboxOfAnotherHandlerOnItsLoopParksWithoutStallingIt() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            List<Integer> got = new ArrayList<>();
            loop.run(() -> {
                ActorRef<Integer> narrow = Actors.named("narrow").bounded(2).spawnHandler(n -> {
                    got.add(n);
                    return Behaviors.same();
                });
                ActorRef<String> producer = Actors.spawnHandler("producer", msg -> {
                    for (int i = 0; i < 20; i++) {
                        narrow.tell(i); // parks the handler when narrow is full; narrow drains on a fresh dispatcher
                    }
                    return Behaviors.stopped();
                });
                producer.tell("go");
                Coro.sleep(Duration.ofMillis(1));
                assertFalse(producer.isAlive());
                Actors.stop(narrow);
                Coro.sleep(Duration.ofMillis(1));
            });
            assertEquals(20, got.size());
            for (int i = 0; i < 20; i++) {
                assertEquals(i, got.get(i));
            }
        }
    }
}
