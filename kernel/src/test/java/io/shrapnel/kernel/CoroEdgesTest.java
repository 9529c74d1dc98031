package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Durations at the edges, and Thread.interrupt() reaching a coro in one of the kernel's waits. */
@ExtendWith(CoroTestExtension.class)
class CoroEdgesTest {
    /** A coro that takes {@code lock} and holds it for 50 ms of the loop's time. */
    private static Coro holdFor50Ms(ReentrantLock lock) {
        return Coro.spawn("holder", () -> {
            lock.lock();
            try {
                Coro.sleep(Duration.ofMillis(50));
            } finally {
                lock.unlock();
            }
        });
    }

    @Test
    void aTimeoutTooLongForNanosecondsIsPracticallyForever() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            int got = loop.call(() -> Coro.withTimeout(Duration.ofSeconds(Long.MAX_VALUE), () -> {
                Coro.sleep(Duration.ofHours(1));
                return 42;
            }));
            assertEquals(42, got);
            assertEquals(0, loop.scheduler().stats().pendingTimers());
        }
    }

    @Test
    void aNegativeSleepReturnsAtOnceAndAPositiveOneWaitsItsLength() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                long t0 = Coro.now();
                Coro.sleep(Duration.ofMillis(-5));
                assertEquals(t0, Coro.now());
                Coro.sleep(Duration.ofNanos(7));
                assertEquals(t0 + 7, Coro.now());
                Coro.sleepUntil(t0 + 1_000);
                assertEquals(t0 + 1_000, Coro.now());
            });
        }
    }

    @Test
    void aNegativeTimeoutCountsAsZero() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                long t0 = Coro.now();
                TimeoutError e = assertThrows(TimeoutError.class,
                        () -> Coro.withTimeout(Duration.ofMillis(-1), () -> Coro.sleep(Duration.ofSeconds(1))));
                assertEquals(t0, Coro.now(), "it fired at once");
                assertEquals("timed out after 0s", e.getMessage());
            });
        }
    }

    @Test
    void threadInterruptOfACoroInAKernelWaitIsThrownAsInterruptedAndClearsTheFlag() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            List<Object> seen = new ArrayList<>();
            loop.run(() -> {
                Coro sleeper = Coro.spawn("sleeper", () -> {
                    try {
                        Coro.sleep(Duration.ofHours(1));
                        seen.add("slept");
                    } catch (Interrupted e) {
                        seen.add(e.reason());
                        seen.add(Thread.currentThread().isInterrupted());
                        seen.add(Coro.now());
                    }
                });
                Coro.yieldSlice(); // the sleeper parks
                long t0 = Coro.now();
                sleeper.thread().interrupt();
                sleeper.join();
                assertEquals(List.of("Thread.interrupt()", false, t0), seen);
                assertEquals(0, Coro.current().scheduler().stats().pendingTimers(), "the sleep's timer is gone");
            });
        }
    }

    @Test
    void aCoroThatDiesOfAnErrorKeepsItAsItsExitError() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            ExceptionNotifier previous = Coro.setExceptionNotifier((coro, error) -> { }); // "boom" is expected
            try {
                loop.run(() -> {
                    Coro failing = Coro.spawn(() -> {
                        throw new IllegalStateException("boom");
                    });
                    Coro shut = Coro.spawn(() -> Coro.sleep(Duration.ofHours(1)));
                    Coro.yieldSlice();
                    shut.shutdown();
                    failing.join();
                    shut.join();
                    assertEquals("boom", failing.exitError().getMessage());
                    assertInstanceOf(Shutdown.class, shut.exitError());
                    assertTrue(failing.isDead());
                });
            } finally {
                Coro.setExceptionNotifier(previous);
            }
        }
    }

    @Test
    void aTimeoutThatWentOffInAJdkCallThatReturnedAnywayLeavesNoInterruptBehind() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            ReentrantLock lock = new ReentrantLock();
            loop.run(() -> {
                Coro holder = holdFor50Ms(lock);
                Coro.yieldSlice(); // the holder has the lock
                long t0 = Coro.now();
                // lock() ignores the interrupt the timeout sends at 10 ms and returns at 50 ms
                String r = Coro.withTimeout(Duration.ofMillis(10), () -> {
                    lock.lock();
                    lock.unlock();
                    return "locked late";
                });
                assertEquals("locked late", r);
                assertEquals(Duration.ofMillis(50).toNanos(), Coro.now() - t0);
                assertFalse(Thread.currentThread().isInterrupted(), "the late interrupt is cleared");
                Coro.sleep(Duration.ofMillis(5)); // and nothing is pending for the next wait
                assertEquals(Duration.ofMillis(55).toNanos(), Coro.now() - t0);
                holder.join();
            });
        }
    }

    @Test
    void afterATimeoutThatInterruptedAJdkCallTheNextWaitIsNotInterrupted() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            ReentrantLock lock = new ReentrantLock();
            loop.run(() -> {
                Coro holder = holdFor50Ms(lock);
                Coro.yieldSlice();
                TimeoutError e = assertThrows(TimeoutError.class,
                        () -> Coro.withTimeout(Duration.ofMillis(10), () -> lock.lockInterruptibly()));
                assertInstanceOf(InterruptedException.class, e.getCause());
                long t0 = Coro.now();
                Coro.sleep(Duration.ofMillis(5)); // nothing of the timeout is left pending
                assertEquals(Duration.ofMillis(5).toNanos(), Coro.now() - t0);
                assertFalse(Thread.currentThread().isInterrupted());
                holder.join();
            });
        }
    }

    @Test
    void aRaiseIntoACoroInAJdkCallInterruptsTheCallAndIsThrownAtItsNextWait() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            ReentrantLock lock = new ReentrantLock();
            List<Object> seen = new ArrayList<>();
            loop.run(() -> {
                Coro holder = holdFor50Ms(lock);
                Coro.yieldSlice();
                long t0 = Coro.now();
                Coro waiter = Coro.spawn("waiter", () -> {
                    try {
                        lock.lockInterruptibly();
                        lock.unlock();
                        seen.add("got the lock");
                    } catch (InterruptedException e) {
                        seen.add("JDK call interrupted at " + (Coro.now() - t0));
                    }
                    try {
                        Coro.sleep(Duration.ofHours(1));
                    } catch (Interrupted e) {
                        seen.add(e.reason());
                        seen.add(Thread.currentThread().isInterrupted());
                    }
                });
                Coro.yieldSlice(); // the waiter parks in the JDK lock
                waiter.interrupt("raised");
                waiter.join();
                holder.join();
            });
            assertEquals(List.of("JDK call interrupted at 0", "raised", false), seen);
        }
    }

    @Test
    void aRaiseIntoACoroInAJdkCallThatIgnoresInterruptsIsThrownAtItsNextKernelWait() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            ReentrantLock lock = new ReentrantLock();
            List<Object> seen = new ArrayList<>();
            loop.run(() -> {
                Coro holder = holdFor50Ms(lock);
                Coro.yieldSlice();
                Coro waiter = Coro.spawn("waiter", () -> {
                    lock.lock(); // ignores the interrupt; returns when the holder lets go
                    lock.unlock();
                    try {
                        Coro.sleep(Duration.ofHours(1));
                    } catch (Interrupted e) {
                        seen.add(e.reason());
                        seen.add(Thread.currentThread().isInterrupted());
                    }
                });
                Coro.yieldSlice();
                waiter.interrupt("raised");
                waiter.join();
                holder.join();
            });
            assertEquals(List.of("raised", false), seen);
        }
    }

    @Test
    void eventLoopRunsTheDefaultLoopUntilSetExitAndReturnsTheCode() {
        Coro c = Coro.spawnOn(Scheduler.defaultScheduler(), "exiter", () -> Coro.setExit(7));
        assertEquals(7, Coro.eventLoop());
        assertTrue(c.isDead());
    }

    @Test
    void aRaiseWhileACoroYieldsIsThrownAsTheYieldReturns() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            List<Object> seen = new ArrayList<>();
            loop.run(() -> {
                Coro yielder = Coro.spawn("yielder", () -> {
                    try {
                        Coro.yieldSlice(); // the raise comes while it waits for its next slice
                        seen.add("yield returned");
                    } catch (Interrupted e) {
                        seen.add("yield threw " + e.reason());
                    }
                });
                Coro.yieldSlice(); // the yielder runs and yields
                yielder.interrupt("during the yield");
                yielder.join();
            });
            assertEquals(List.of("yield threw during the yield"), seen);
        }
    }

    @Test
    void anExceptionPendingBeforeAYieldIsThrownBeforeOtherCorosRun() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            ReentrantLock lock = new ReentrantLock();
            List<Object> seen = new ArrayList<>();
            loop.run(() -> {
                Coro holder = holdFor50Ms(lock);
                Coro.yieldSlice();
                Coro waiter = Coro.spawn("waiter", () -> {
                    lock.lock(); // ignores the raise's interrupt; returns when the holder lets go
                    lock.unlock();
                    Coro.spawn("bystander", () -> seen.add("bystander ran"));
                    try {
                        Coro.yieldSlice();
                        seen.add("yield returned");
                    } catch (Interrupted e) {
                        seen.add("yield threw " + e.reason());
                    }
                });
                Coro.yieldSlice();
                waiter.interrupt("raised");
                waiter.join();
                holder.join();
                Coro.yieldSlice();
            });
            assertEquals(List.of("yield threw raised", "bystander ran"), seen);
        }
    }
}
