package io.shrapnel.kernel;

import io.shrapnel.kernel.internal.Waiter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CoroTestExtension.class)
class RaiseAndLifecycleTest {
    static final class Boom extends RuntimeException {
        Boom(String m) {
            super(m);
        }
    }

    @Test
    void spawnedCoroRunsOnItsLoopWithNameAndId() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            List<Object> seen = loop.call(() -> {
                List<Object> out = new ArrayList<>();
                Coro c = Coro.spawn("worker", () -> {
                    out.add(Coro.current().name());
                    out.add(Coro.current().scheduler());
                    out.add(Thread.currentThread().isVirtual());
                });
                c.join();
                out.add(c.isDead());
                out.add(c.id() > 0);
                return out;
            });
            assertEquals(List.of("worker", loop.scheduler(), true, true, true), seen);
        }
    }

    /** A coro is its virtual thread's executor and task for the JDK; code that calls them gets an error. */
    @Test
    void theExecutorAndTaskACoroIsForTheJdkRefuseOtherCallers() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                AtomicInteger runs = new AtomicInteger();
                Coro[] self = new Coro[1];
                Coro c = Coro.spawn("once", () -> {
                    runs.incrementAndGet();
                    assertThrows(UnsupportedOperationException.class, () -> self[0].run()); // its own body again
                });
                self[0] = c;
                assertThrows(UnsupportedOperationException.class, c::run); // from another coro
                assertThrows(UnsupportedOperationException.class, () -> c.execute(() -> { }));
                c.join();
                assertEquals(1, runs.get());
                assertNull(c.exitError());
            });
        }
    }

    @Test
    void createDoesNotRunUntilStartAndStartTwiceIsAnError() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                AtomicInteger runs = new AtomicInteger();
                Coro c = Coro.create(runs::incrementAndGet);
                Coro.yieldSlice();
                assertEquals(0, runs.get());
                assertEquals(Coro.State.NEW, c.state());
                c.start();
                assertThrows(ScheduleError.class, c::start);
                c.join();
                assertEquals(1, runs.get());
            });
        }
    }

    @Test
    void currentIsNullAndBlockingCallsFailAtOnceOutsideCoros() {
        assertNull(Coro.current());
        YieldFromMain e = assertThrows(YieldFromMain.class, () -> Coro.sleep(Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("must be called from inside a coro"), e.getMessage());
        assertThrows(YieldFromMain.class, () -> Coro.withTimeout(Duration.ofSeconds(1), () -> 1));
        assertThrows(YieldFromMain.class, Coro::yieldSlice);
        assertThrows(YieldFromMain.class, () -> Coro.offload(() -> 1));
        assertThrows(YieldFromMain.class, () -> Waiter.begin("x"));
        YieldFromMain m = assertThrows(YieldFromMain.class, () -> new Mutex().lock());
        assertTrue(m.getMessage().contains("Mutex.lock must be called from inside a coro"), m.getMessage());
        assertThrows(YieldFromMain.class, () -> new Fifo<String>().pop());
    }

    @Test
    void joinWaitsForExitAndReturnsAtOnceForADeadCoro() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            long waited = loop.call(() -> {
                Coro c = Coro.spawn(() -> Coro.sleep(Duration.ofSeconds(5)));
                long t0 = Coro.now();
                c.join();
                c.join();
                return Coro.now() - t0;
            });
            assertEquals(Duration.ofSeconds(5).toNanos(), waited);
        }
    }

    @Test
    void joiningYourselfIsAnError() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            assertThrows(IllegalStateException.class, () -> loop.run(() -> Coro.current().join()));
        }
    }

    @Test
    void raiseIntoSleepingCoroWakesItWithTheExceptionAndRemovesItsTimer() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            Object[] caught = new Object[2];
            loop.run(() -> {
                Coro sleeper = Coro.spawn("sleeper", () -> {
                    try {
                        Coro.sleep(Duration.ofHours(1));
                    } catch (Boom b) {
                        caught[0] = b.getMessage();
                        caught[1] = Coro.now();
                    }
                });
                Coro.sleep(Duration.ofSeconds(1));
                long now = Coro.now();
                sleeper.raiseException(new Boom("wake up"));
                sleeper.join();
                assertEquals(now, caught[1]);
            });
            assertEquals("wake up", caught[0]);
            assertEquals(0, loop.scheduler().stats().pendingTimers());
        }
    }

    @Test
    void raiseIntoNotStartedCoroIsNotStartedErrorUnlessCancelStart() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                AtomicInteger runs = new AtomicInteger();
                Coro c = Coro.spawn(runs::incrementAndGet);
                assertThrows(NotStartedError.class, () -> c.raiseException(new Boom("early")));
                c.raiseException(new Boom("cancel"), true);
                assertTrue(c.isDead());
                c.join();
                Coro.yieldSlice();
                assertEquals(0, runs.get(), "a cancelled coro never runs its body");
                assertNull(c.exitError());
            });
        }
    }

    @Test
    void shutdownCancelsANotYetRunCoroAndNeverFailsOnADeadOne() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                AtomicInteger runs = new AtomicInteger();
                Coro created = Coro.create(runs::incrementAndGet);
                created.shutdown();
                assertTrue(created.isDead());
                Coro done = Coro.spawn(() -> { });
                done.join();
                done.shutdown();
                assertThrows(DeadCoroError.class, () -> done.raiseException(new Boom("late")));
                assertEquals(0, runs.get());
            });
        }
    }

    @Test
    void shutdownOfASleeperEndsItQuietly() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            List<String> notified = new ArrayList<>();
            ExceptionNotifier old = Coro.setExceptionNotifier((c, e) -> notified.add(c + " " + e));
            try {
                loop.run(() -> {
                    Coro sleeper = Coro.spawn(() -> Coro.sleep(Duration.ofHours(1)));
                    Coro.yieldSlice();
                    sleeper.shutdown();
                    sleeper.join();
                    assertTrue(sleeper.exitError() instanceof Shutdown);
                });
            } finally {
                Coro.setExceptionNotifier(old);
            }
            assertEquals(List.of(), notified);
        }
    }

    @Test
    void raiseIntoAScheduledCoroReplacesTheValueItWasToResumeWith() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            Object[] outcome = new Object[1];
            loop.run(() -> {
                Waiter[] w = new Waiter[1];
                Coro waiter = Coro.spawn(() -> {
                    w[0] = Waiter.begin("test event");
                    try {
                        outcome[0] = w[0].await();
                    } catch (Boom b) {
                        outcome[0] = "raised: " + b.getMessage();
                    }
                });
                Coro.yieldSlice();
                assertTrue(w[0].wake("value"));
                assertTrue(waiter.isScheduled());
                assertFalse(w[0].wake("second value"), "a wait is woken once");
                waiter.raiseException(new Boom("instead"));
                waiter.join();
            });
            assertEquals("raised: instead", outcome[0]);
        }
    }

    @Test
    void raisingIntoYourselfIsAScheduleError() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            assertThrows(ScheduleError.class, () -> loop.run(() -> Coro.current().raiseException(new Boom("me"))));
        }
    }

    @Test
    void interruptCarriesItsReason() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            Object[] reason = new Object[1];
            loop.run(() -> {
                Coro c = Coro.spawn(() -> {
                    try {
                        Coro.sleep(Duration.ofHours(1));
                    } catch (Interrupted i) {
                        reason[0] = i.reason();
                    }
                });
                Coro.yieldSlice();
                c.interrupt("because");
                c.join();
            });
            assertEquals("because", reason[0]);
        }
    }

    @Test
    void raiseFromAPlatformThreadIsPostedToTheLoop() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            Object[] caught = new Object[1];
            loop.run(() -> {
                Coro sleeper = Coro.spawn(() -> {
                    try {
                        Coro.sleep(Duration.ofHours(1));
                    } catch (Boom b) {
                        caught[0] = b.getMessage();
                    }
                });
                Coro.yieldSlice();
                Thread t = Thread.ofPlatform().start(() -> sleeper.raiseException(new Boom("from a thread")));
                sleeper.join();
                t.join();
            });
            assertEquals("from a thread", caught[0]);
        }
    }

    @Test
    void eventLoopCanBeEnteredAgainFourTimes() {
        Scheduler s = Scheduler.create("reentered");
        try {
            List<Integer> ticks = new ArrayList<>();
            Coro ticker = s.spawn("ticker", () -> {
                for (int i = 1; i <= 4; i++) {
                    ticks.add(i);
                    Coro.setExit(10 + i);
                    Coro.yieldSlice();
                }
            });
            for (int i = 1; i <= 4; i++) {
                assertEquals(10 + i, s.run());
                assertEquals(i, ticks.size());
            }
            s.runUntilDone();
            assertTrue(ticker.isDead());
        } finally {
            s.close();
        }
    }

    @Test
    void coroBlockedInThreadSleepDoesNotBlockTheLoop() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            List<String> order = new ArrayList<>();
            loop.run(() -> {
                Coro jdk = Coro.spawn(() -> {
                    Thread.sleep(30);
                    order.add("jdk sleep done");
                });
                Coro.yieldSlice();
                order.add("loop ran meanwhile");
                jdk.join();
            });
            assertEquals(List.of("loop ran meanwhile", "jdk sleep done"), order);
        }
    }

    @Test
    void aCoroSpawnedFromAPlatformThreadRunsOnTheChosenLoop() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            Scheduler[] ran = new Scheduler[1];
            Coro c = Coro.spawnOn(loop.scheduler(), "posted", () -> ran[0] = Coro.current().scheduler());
            loop.runUntilDone();
            assertTrue(c.isDead());
            assertSame(loop.scheduler(), ran[0]);
        }
    }
}
