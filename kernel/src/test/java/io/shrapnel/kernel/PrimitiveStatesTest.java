package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the primitives say about themselves, and their edges that need no wait (found by PIT). */
@ExtendWith(CoroTestExtension.class)
class PrimitiveStatesTest {
    @Test
    void aMutexNamesItsOwnerInItsTextAndInTheErrorOfAStrayUnlock() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Mutex m = new Mutex();
                assertEquals("Mutex[unlocked, 0 waiting]", m.toString());
                IllegalStateException free = assertThrows(IllegalStateException.class, m::unlock);
                assertTrue(free.getMessage().contains("(owner: nobody)"), free.getMessage());
                Coro me = Coro.current();
                m.lock();
                m.lock();
                Coro waiter = Coro.spawn("waiter", () -> m.lock().close());
                Coro stray = Coro.spawn("stray", () -> {
                    IllegalStateException e = assertThrows(IllegalStateException.class, m::unlock);
                    assertTrue(e.getMessage().contains("(owner: " + me + ")"), e.getMessage());
                });
                stray.join();
                assertEquals(null, stray.exitError());
                assertEquals("Mutex[owner=" + me + " holds=2, 1 waiting]", m.toString());
                m.unlock();
                m.unlock();
                waiter.join();
                assertEquals("Mutex[unlocked, 0 waiting]", m.toString());
            });
        }
    }

    @Test
    void aSemaphoreGivesAllItsUnitsAtOnceWithoutAWait() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Semaphore s = new Semaphore(3);
                long t0 = Coro.now();
                Coro.withTimeout(Duration.ofSeconds(1), () -> s.acquire(3));
                assertEquals(t0, Coro.now(), "no wait for exactly the units available");
                assertEquals(0, s.available());
                assertEquals(0, s.waiting());
                s.release(3);
            });
        }
    }

    @Test
    void aSemaphoreTriedForExactlyItsUnitsGivesThemAndAReleaseOfNothingIsAllowed() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Semaphore s = new Semaphore(2);
                assertEquals("Semaphore[2 available, 0 waiting]", s.toString());
                assertTrue(s.tryAcquire(2));
                assertFalse(s.tryAcquire(1));
                s.release(0);
                assertEquals(0, s.available());
                assertTrue(s.tryAcquire(0), "nothing asked, nothing to wait for");
                s.acquire(0);
                s.release();
                assertEquals(1, s.available());
                s.release();
                assertEquals("Semaphore[2 available, 0 waiting]", s.toString());
            });
        }
    }

    @Test
    void poppersAreServedInTheOrderTheyCameAndAFifoWithItemsIsNotEmpty() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Fifo<String> f = new Fifo<>();
                assertTrue(f.isEmpty());
                List<String> got = new ArrayList<>();
                Coro a = Coro.spawn("a", () -> got.add("a:" + f.pop()));
                Coro b = Coro.spawn("b", () -> got.add("b:" + f.pop()));
                Coro.yieldSlice(); // a waits first, then b
                assertEquals(2, f.queued());
                assertEquals("Fifo[0 items, 2 waiting]", f.toString());
                f.push("1");
                assertFalse(f.isEmpty());
                f.push("2");
                Waiting.joinAll(List.of(a, b));
                assertEquals(List.of("a:1", "b:2"), got);
                assertTrue(f.isEmpty());
            });
        }
    }

    @Test
    void aConditionVariableWakesExactlyAsManyAsAskedAndCountsItsQueue() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                ConditionVariable<String> cv = new ConditionVariable<>();
                List<String> got = new ArrayList<>();
                List<Coro> waiters = Waiting.spawn(4, () -> got.add(String.valueOf(cv.await())));
                Coro.yieldSlice();
                assertEquals(4, cv.queued());
                assertEquals("ConditionVariable[4 waiting]", cv.toString());
                assertEquals(0, cv.wakeN(0, "none"));
                assertEquals(2, cv.wakeN(2, "two"));
                assertEquals(2, cv.size());
                assertTrue(cv.wakeOne());
                assertEquals(1, cv.size());
                assertEquals(1, cv.wakeN(5, "rest"));
                assertFalse(cv.wakeOne(), "nobody left to wake");
                Waiting.joinAll(waiters);
                assertEquals(List.of("two", "two", "null", "rest"), got);
                assertEquals("ConditionVariable[0 waiting]", cv.toString());
            });
        }
    }

    @Test
    void anInvertedSemaphoreTakesCountsOfZeroAndCountsItsQueue() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                InvertedSemaphore inv = new InvertedSemaphore(1);
                inv.acquire(0);
                inv.release(0);
                assertEquals(1, inv.value());
                Coro waiter = Coro.spawn("waiter", inv::blockTillZero);
                Coro.yieldSlice();
                assertEquals(1, inv.queued());
                assertEquals("InvertedSemaphore[1, 1 waiting]", inv.toString());
                inv.release();
                waiter.join();
                assertEquals("InvertedSemaphore[0, 0 waiting]", inv.toString());
            });
        }
    }

    @Test
    void aOneShotTellsWhetherItWasSignalledAndWhoWaits() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                OneShot<String> shot = new OneShot<>();
                assertFalse(shot.isSignalled());
                Coro waiter = Coro.spawn("waiter", shot::await);
                Coro.yieldSlice();
                assertEquals(1, shot.queued());
                assertEquals("OneShot[1 waiting]", shot.toString());
                shot.signal("done");
                waiter.join();
                assertTrue(shot.isSignalled());
                assertEquals("OneShot[signalled: done]", shot.toString());
            });
        }
    }

    @Test
    void aLatchFromZeroIsOpenAndALatchCountsItsQueue() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Latch open = new Latch(0);
                long t0 = Coro.now();
                Coro.withTimeout(Duration.ofSeconds(1), () -> open.await());
                assertEquals(t0, Coro.now());
                Latch latch = new Latch(2);
                assertEquals(2, latch.count());
                Coro waiter = Coro.spawn("waiter", latch::await);
                Coro.yieldSlice();
                assertEquals(1, latch.queued());
                assertEquals("Latch[count=2, 1 waiting]", latch.toString());
                latch.countDown();
                assertEquals(1, latch.count());
                latch.countDown();
                waiter.join();
                assertEquals("Latch[count=0, 0 waiting]", latch.toString());
            });
        }
    }
}
