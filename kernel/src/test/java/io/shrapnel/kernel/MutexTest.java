package io.shrapnel.kernel;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CoroTestExtension.class)
class MutexTest {
    private int resumed;

    private Body lockOnceAndCount(Mutex m) {
        return () -> {
            try (Mutex.Hold h = m.lock()) {
                resumed++;
            }
        };
    }

    @Test
    void waitersShutDownBeforeTheUnlockNeverGetTheMutexAndOnlyTheSurvivorRunsOnce() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Mutex m = new Mutex();
                m.lock();
                List<Coro> doomed = Waiting.spawn(5, lockOnceAndCount(m));
                Coro survivor = Coro.spawn(lockOnceAndCount(m));
                Coro.yieldSlice();
                assertEquals(6, m.waiting());
                doomed.forEach(Coro::shutdown);
                assertTrue(m.unlock(), "the survivor is handed the mutex");
                assertSame(survivor, m.owner());
                Waiting.joinAll(doomed, survivor);
                assertEquals(1, resumed);
                assertFalse(m.isLocked());
                assertEquals(0, m.queued());
            });
        }
    }

    @Test
    void waiterHandedTheMutexThenShutDownPassesItOnToTheSurvivor() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Mutex m = new Mutex();
                m.lock();
                List<Coro> doomed = Waiting.spawn(5, lockOnceAndCount(m));
                Coro survivor = Coro.spawn(lockOnceAndCount(m));
                Coro.yieldSlice();
                assertTrue(m.unlock());
                assertSame(doomed.get(0), m.owner(), "hand-off goes to the first waiter");
                doomed.forEach(Coro::shutdown);
                Waiting.joinAll(doomed, survivor);
                assertEquals(1, resumed);
                assertFalse(m.isLocked());
                assertEquals(0, m.queued());
            });
        }
    }

    @Test
    void unlockHandsOwnershipDirectlyToTheWaiterBeforeItRuns() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Mutex m = new Mutex();
                m.lock();
                List<String> seen = new ArrayList<>();
                Coro t = Coro.spawn(() -> {
                    seen.add("tryLock " + m.tryLock());
                    try (Mutex.Hold h = m.lock()) {
                        seen.add("owns " + m.hasLock());
                        Coro.yieldSlice();
                    }
                });
                Coro.yieldSlice();
                assertTrue(m.hasLock());
                assertFalse(m.hasLock(t));
                assertTrue(m.unlock(), "unlock reports the hand-off");
                assertFalse(m.hasLock());
                assertTrue(m.hasLock(t), "the waiter owns it before it has run");
                t.join();
                assertEquals(List.of("tryLock false", "owns true"), seen);
                assertFalse(m.isLocked());
            });
        }
    }

    @Test
    void theOwnerMayLockAgainAndMustUnlockAsManyTimes() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Mutex m = new Mutex();
                assertFalse(m.isLocked());
                assertFalse(m.hasLock());
                m.lock();
                m.lock();
                assertTrue(m.tryLock());
                assertEquals(3, m.holdCount());
                assertFalse(m.unlock());
                assertFalse(m.unlock());
                assertTrue(m.isLocked());
                assertTrue(m.hasLock());
                assertFalse(m.unlock(), "nobody waits, so the last unlock hands nothing over");
                assertFalse(m.isLocked());
                assertNull(m.owner());
            });
        }
    }

    @Test
    void lockParksUntilTheOwnerUnlocks() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Mutex m = new Mutex();
                List<String> order = new ArrayList<>();
                Coro owner = Coro.spawn(() -> {
                    m.lock();
                    order.add("owner locked");
                    Coro.sleep(Duration.ofMillis(50));
                    order.add("owner unlocks");
                    assertTrue(m.unlock());
                });
                Coro.yieldSlice();
                long t0 = Coro.now();
                try (Mutex.Hold h = m.lock()) {
                    order.add("main locked");
                    assertEquals(Duration.ofMillis(50).toNanos(), Coro.now() - t0);
                }
                owner.join();
                assertEquals(List.of("owner locked", "owner unlocks", "main locked"), order);
            });
        }
    }

    @Test
    void unlockingAMutexOwnedByAnotherCoroIsAnError() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Mutex m = new Mutex();
                IllegalStateException notLocked = assertThrows(IllegalStateException.class, m::unlock);
                assertTrue(notLocked.getMessage().contains("does not own"), notLocked.getMessage());
                m.lock();
                Coro other = Coro.spawn(() -> {
                    IllegalStateException e = assertThrows(IllegalStateException.class, m::unlock);
                    assertTrue(e.getMessage().contains("only the coro that locked it may unlock it"), e.getMessage());
                });
                other.join();
                assertTrue(m.hasLock(), "the failed unlock changed nothing");
                m.unlock();
            });
        }
    }

    @Test
    void aWaiterThatTimesOutLeavesTheQueueAndTheNextWaiterGetsTheMutex() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Mutex m = new Mutex();
                m.lock();
                List<String> seen = new ArrayList<>();
                Coro impatient = Coro.spawn(() -> {
                    try {
                        Coro.withTimeout(Duration.ofMillis(10), () -> m.lock());
                        seen.add("impatient locked");
                    } catch (TimeoutError e) {
                        seen.add("impatient timed out");
                    }
                });
                Coro patient = Coro.spawn(() -> {
                    try (Mutex.Hold h = m.lock()) {
                        seen.add("patient locked");
                    }
                });
                Coro.sleep(Duration.ofMillis(20));
                assertEquals(List.of("impatient timed out"), seen);
                assertEquals(1, m.waiting());
                assertEquals(1, m.queued(), "the timed-out waiter removed itself");
                m.unlock();
                Waiting.joinAll(List.of(impatient), patient);
                assertEquals(List.of("impatient timed out", "patient locked"), seen);
                assertFalse(m.isLocked());
            });
        }
    }

    @Test
    void aCoroThatUnlocksAndLocksAgainQueuesBehindTheWaiters() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Mutex m = new Mutex();
                List<String> order = new ArrayList<>();
                m.lock();
                Coro waiter = Coro.spawn(() -> {
                    try (Mutex.Hold h = m.lock()) {
                        order.add("waiter");
                    }
                });
                Coro.yieldSlice();
                m.unlock();
                try (Mutex.Hold h = m.lock()) {
                    order.add("main again");
                }
                waiter.join();
                assertEquals(List.of("waiter", "main again"), order);
            });
        }
    }

    @Test
    void aMutexBelongsToTheLoopThatFirstUsedIt() throws Exception {
        Mutex m = new Mutex();
        try (TestLoop first = TestLoop.virtualTime()) {
            first.run(() -> {
                m.lock();
                m.unlock();
            });
        }
        try (TestLoop second = TestLoop.virtualTime()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> second.run(m::lock));
            assertTrue(e.getMessage().contains("belongs to loop test-virtual"), e.getMessage());
            assertTrue(e.getMessage().contains("create one per loop"), e.getMessage());
        }
    }

    @Test
    void lockingOutsideACoroTellsWhatToDoInstead() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Mutex().lock());
        assertTrue(e.getMessage().contains("must be called from inside a coro"), e.getMessage());
    }
}
