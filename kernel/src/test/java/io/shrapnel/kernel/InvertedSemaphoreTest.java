package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CoroTestExtension.class)
class InvertedSemaphoreTest {
    private int resumed;

    private Body blockAndCount(InvertedSemaphore s) {
        return () -> {
            s.blockTillZero();
            resumed++;
        };
    }

    @Test
    void waitersShutDownBeforeZeroStayDownAndOnlyTheSurvivorRunsOnce() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                InvertedSemaphore s = new InvertedSemaphore();
                s.acquire(1);
                List<Coro> doomed = Waiting.spawn(5, blockAndCount(s));
                Coro survivor = Coro.spawn(blockAndCount(s));
                Coro.yieldSlice();
                assertEquals(6, s.waiting());
                doomed.forEach(Coro::shutdown);
                s.release(1);
                Waiting.joinAll(doomed, survivor);
                assertEquals(1, resumed);
                assertEquals(0, s.queued());
            });
        }
    }

    @Test
    void waitersWokenAtZeroThenShutDownDoNotRunAndTheSurvivorRunsOnce() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                InvertedSemaphore s = new InvertedSemaphore();
                s.acquire(1);
                List<Coro> doomed = Waiting.spawn(5, blockAndCount(s));
                Coro survivor = Coro.spawn(blockAndCount(s));
                Coro.yieldSlice();
                s.release(1);
                doomed.forEach(Coro::shutdown);
                Waiting.joinAll(doomed, survivor);
                assertEquals(1, resumed);
                assertEquals(0, s.queued());
            });
        }
    }

    @Test
    void blockTillZeroWaitsForTheLastRelease() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                InvertedSemaphore s = new InvertedSemaphore();
                s.blockTillZero(); // zero already: no wait
                for (int i = 1; i <= 3; i++) {
                    int ms = i * 10;
                    s.acquire();
                    Coro.spawn(() -> {
                        Coro.sleep(Duration.ofMillis(ms));
                        s.release();
                    });
                }
                long t0 = Coro.now();
                s.blockTillZero();
                assertEquals(Duration.ofMillis(30).toNanos(), Coro.now() - t0);
                assertEquals(0, s.value());
            });
        }
    }

    @Test
    void aWaiterThatTimesOutLeavesNothingBehind() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                InvertedSemaphore s = new InvertedSemaphore(2);
                assertThrows(TimeoutError.class, () -> Coro.withTimeout(Duration.ofMillis(5), s::blockTillZero));
                assertEquals(0, s.queued());
                s.release(2);
            });
        }
    }

    @Test
    void releasingMoreThanWasAcquiredIsAnError() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                InvertedSemaphore s = new InvertedSemaphore(1);
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.release(2));
                assertEquals("release(2) with a count of 1: every release must match an earlier acquire",
                        e.getMessage());
                assertEquals(1, s.value());
            });
        }
    }
}
