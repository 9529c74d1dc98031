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

@ExtendWith(CoroTestExtension.class)
class SemaphoreTest {
    private int resumed;

    private Body acquireOneAndCount(Semaphore s) {
        return () -> {
            s.acquire(1);
            resumed++;
            s.release(1);
        };
    }

    @Test
    void waitersShutDownBeforeTheReleaseGetNothingAndOnlyTheSurvivorRunsOnce() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Semaphore s = new Semaphore(1);
                s.acquire(1);
                List<Coro> doomed = Waiting.spawn(5, acquireOneAndCount(s));
                Coro survivor = Coro.spawn(acquireOneAndCount(s));
                Coro.yieldSlice();
                assertEquals(6, s.waiting());
                doomed.forEach(Coro::shutdown);
                s.release(1);
                assertEquals(0, s.available(), "the unit went to the survivor");
                Waiting.joinAll(doomed, survivor);
                assertEquals(1, resumed);
                assertEquals(1, s.available());
                assertEquals(0, s.queued());
            });
        }
    }

    @Test
    void waitersGrantedUnitsThenShutDownGiveThemToTheSurvivor() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Semaphore s = new Semaphore(5);
                s.acquire(5);
                List<Coro> doomed = Waiting.spawn(5, acquireOneAndCount(s));
                Coro survivor = Coro.spawn(acquireOneAndCount(s));
                Coro.yieldSlice();
                s.release(5); // granted to the five doomed waiters, in order
                assertEquals(0, s.available());
                assertEquals(1, s.waiting());
                doomed.forEach(Coro::shutdown);
                Waiting.joinAll(doomed, survivor);
                assertEquals(1, resumed);
                assertEquals(5, s.available(), "no unit was lost");
                assertEquals(0, s.queued());
            });
        }
    }

    @Test
    void waitersThatGaveUpStayQueuedOnlyUntilTheNextRelease() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Semaphore s = new Semaphore(1);
                s.acquire(1);
                List<Coro> doomed = Waiting.spawn(5, acquireOneAndCount(s));
                Coro.yieldSlice();
                assertEquals(5, s.queued());
                doomed.forEach(Coro::shutdown);
                assertEquals(5, s.queued(), "they have not run yet");
                assertEquals(0, s.waiting());
                s.release(1);
                assertEquals(0, s.queued(), "the release dropped them all at once");
                Waiting.joinAll(doomed);
                assertEquals(0, resumed);
                assertEquals(1, s.available());
            });
        }
    }

    @Test
    void aGrantedWaiterShutDownPassesItsUnitToTheNextEvenIfThatOneIsShutDownToo() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Semaphore s = new Semaphore(0);
                Coro t1 = Coro.spawn(() -> s.acquire(1));
                Coro t2 = Coro.spawn(() -> s.acquire(1));
                Coro.yieldSlice();
                s.release(1); // granted to t1
                t1.shutdown(); // t1 gives it back when it runs: granted to t2
                t2.shutdown();
                Waiting.joinAll(List.of(t1, t2));
                assertEquals(1, s.available());
                assertEquals(0, s.queued());
            });
        }
    }

    @Test
    void aLargeRequestAtTheFrontIsNotOvertakenBySmallerOnes() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Semaphore s = new Semaphore(0);
                List<String> order = new ArrayList<>();
                Coro big = Coro.spawn(() -> {
                    s.acquire(3);
                    order.add("big");
                });
                Coro small = Coro.spawn(() -> {
                    s.acquire(1);
                    order.add("small");
                });
                Coro.yieldSlice();
                s.release(1);
                Coro.yieldSlice();
                assertEquals(List.of(), order, "one unit is free, but the big request is first");
                s.release(3);
                Waiting.joinAll(List.of(big, small));
                assertEquals(List.of("big", "small"), order);
                assertEquals(0, s.available());
            });
        }
    }

    @Test
    void aLargeRequestThatTimesOutAtTheFrontLetsTheOthersThrough() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Semaphore s = new Semaphore(1);
                long t0 = Coro.now();
                long[] smallAt = {-1};
                Coro big = Coro.spawn(() -> assertThrows(TimeoutError.class,
                        () -> Coro.withTimeout(Duration.ofMillis(10), () -> s.acquire(2))));
                Coro small = Coro.spawn(() -> {
                    s.acquire(1);
                    smallAt[0] = Coro.now() - t0;
                });
                Waiting.joinAll(List.of(big, small));
                assertEquals(Duration.ofMillis(10).toNanos(), smallAt[0]);
                assertEquals(0, s.available());
                assertEquals(0, s.queued());
            });
        }
    }

    @Test
    void tryAcquireNeverParksAndDoesNotJumpTheQueue() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Semaphore s = new Semaphore(2);
                assertTrue(s.tryAcquire(2));
                assertFalse(s.tryAcquire(1));
                Coro waiter = Coro.spawn(() -> s.acquire(2));
                Coro.yieldSlice();
                s.release(1);
                assertFalse(s.tryAcquire(1), "the waiter asking for two is first in line");
                s.release(1);
                waiter.join();
                assertEquals(0, s.available());
            });
        }
    }

    @Test
    void negativeUnitsAreRefused() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
                Semaphore s = new Semaphore(1);
                assertThrows(IllegalArgumentException.class, () -> s.acquire(-1));
                assertThrows(IllegalArgumentException.class, () -> s.release(-1));
            });
        }
    }
}
