package io.shrapnel.mailbox;

import io.shrapnel.kernel.internal.Kernel;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.internal.Waiter;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CoroTestExtension.class)
class TellAndReceiveTest {
    sealed interface Msg permits Num, Stop {}

    record Num(int value) implements Msg {}

    record Stop() implements Msg {}

    @Test
    void aCoroActorReceivesEachSendersMessagesInOrder() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            List<Integer> got = loop.call(() -> {
                List<Integer> seen = new ArrayList<>();
                ActorRef<Msg> sink = Actors.spawn("sink", (Inbox<Msg> in) -> {
                    while (true) {
                        switch (in.receive()) {
                            case Num n -> seen.add(n.value());
                            case Stop s -> {
                                return;
                            }
                        }
                    }
                });
                for (int i = 0; i < 1000; i++) {
                    sink.tell(new Num(i));
                    if (i % 100 == 0) {
                        Coro.yieldSlice(); // let it park in receive now and then
                    }
                }
                sink.tell(new Stop());
                Coro.sleep(Duration.ofMillis(1));
                return seen;
            });
            for (int i = 0; i < 1000; i++) {
                assertEquals(i, got.get(i));
            }
            assertEquals(1000, got.size());
        }
    }

    @Test
    void everyCoroHasAMailboxMadeOnFirstUse() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            String got = loop.call(() -> {
                Coro me = Coro.current();
                assertSame(null, Kernel.extension(me));
                ActorRef<String> self = Actors.self();
                assertSame(self, Actors.refOf(me));
                assertSame(self, Actors.inbox());
                Coro.spawn(() -> Actors.<String>refOf(me).tell("hello from a plain coro"));
                return Actors.<String>inbox().receive();
            });
            assertEquals("hello from a plain coro", got);
        }
    }

    @Test
    void receiveWithTimeoutGivesUpExactlyAtTheDeadline() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            long[] waited = new long[1];
            Optional<Object> got = loop.call(() -> {
                long t0 = Coro.now();
                Optional<Object> r = Actors.inbox().receive(Duration.ofSeconds(30));
                waited[0] = Coro.now() - t0;
                return r;
            });
            assertTrue(got.isEmpty());
            assertEquals(Duration.ofSeconds(30).toNanos(), waited[0]);
            assertEquals(0, loop.scheduler().stats().pendingTimers());
        }
    }

    @Test
    void receiveWithTimeoutReturnsAMessageThatArrivesInTime() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            Optional<Object> got = loop.call(() -> {
                ActorRef<Object> me = Actors.self();
                Coro.spawn(() -> {
                    Coro.sleep(Duration.ofSeconds(2));
                    me.tell("late but in time");
                });
                return Actors.inbox().receive(Duration.ofSeconds(3));
            });
            assertEquals(Optional.of("late but in time"), got);
            assertEquals(0, loop.scheduler().stats().pendingTimers());
        }
    }

    @Test
    void receivingFromAnotherCorosMailboxIsAnErrorThatSaysWhatToDo() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            IllegalStateException e = loop.call(() -> {
                Inbox<Object> mine = Actors.inbox();
                AtomicReference<IllegalStateException> err = new AtomicReference<>();
                Coro.spawn(() -> err.set(assertThrows(IllegalStateException.class, mine::receive))).join();
                return err.get();
            });
            assertTrue(e.getMessage().contains("tell("), e.getMessage());
        }
    }

    @Test
    void aParkedReceiverIsWokenOncePerParkNotOncePerMessage() throws Exception {
        try (Scheduler loop = Scheduler.create("receiver").start()) {
            AtomicReference<Waiter> gate = new AtomicReference<>();
            AtomicReference<ActorRef<Object>> ref = new AtomicReference<>();
            List<Object> got = new ArrayList<>();
            Coro receiver = loop.spawn("receiver", () -> {
                ref.set(Actors.self());
                Waiter w = Waiter.begin("gate");
                gate.set(w);
                w.await(); // parked, but not in receive: senders need not wake it
                Inbox<Object> in = Actors.inbox();
                for (int i = 0; i < 10_001; i++) {
                    got.add(in.receive());
                }
            });
            await().until(() -> gate.get() != null);
            for (int i = 0; i < 10_000; i++) {
                ref.get().tell(i);
            }
            assertEquals(0, Actors.stats(ref.get()).wakeups());
            gate.get().wakeFromAnyThread(null);
            await().until(() -> got.size() == 10_000 && receiver.state() == Coro.State.WAITING);
            assertEquals(0, Actors.stats(ref.get()).wakeups(), "it never had to park while messages waited");
            ref.get().tell("last");
            receiver.thread().join(Duration.ofSeconds(10));
            assertFalse(receiver.thread().isAlive());
            assertEquals(1, Actors.stats(ref.get()).wakeups());
            assertEquals("last", got.get(10_000));
        }
    }

    @Test
    void aReceiverThatNeverRunsOutOfMessagesStillLetsTheOtherCorosOfItsLoopRun() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            int ticks = loop.call(() -> {
                ActorRef<Integer> sink = Actors.spawn("sink", (Inbox<Integer> in) -> {
                    for (int i = 0; i < 10_000; i++) {
                        in.receive();
                    }
                });
                for (int i = 0; i < 10_000; i++) {
                    sink.tell(i); // all there before it first runs: it never has to park
                }
                int[] n = {0};
                Coro.spawn("ticker", () -> {
                    while (sink.isAlive()) {
                        n[0]++;
                        Coro.yieldSlice();
                    }
                }).join();
                return n[0];
            });
            assertTrue(ticks >= 10_000 / 256 - 1, "the ticker ran " + ticks + " times while the sink drained");
        }
    }

    @Test
    void tellFromAPlatformThreadNeverBlocksAndReachesACoroOnAnotherLoop() throws Exception {
        try (Scheduler loop = Scheduler.create("far").start()) {
            AtomicReference<Integer> sum = new AtomicReference<>();
            ActorRef<Msg> adder = Actors.named("adder").on(loop).spawn((Inbox<Msg> in) -> {
                int s = 0;
                while (true) {
                    if (in.receive() instanceof Num n) {
                        s += n.value();
                    } else {
                        sum.set(s);
                        return;
                    }
                }
            });
            for (int i = 1; i <= 100; i++) {
                adder.tell(new Num(i));
            }
            adder.tell(new Stop());
            await().until(() -> sum.get() != null);
            assertEquals(5050, sum.get());
            await().until(() -> !adder.isAlive());
        }
    }
}
