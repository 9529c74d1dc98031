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
class ConditionVariableTest {
    private int resumed;

    private Body awaitAndCount(ConditionVariable<?> cv) {
        return () -> {
            cv.await();
            resumed++;
        };
    }

    @Test
    void waitersShutDownBeforeWakeAllStayDownAndOnlyTheSurvivorRunsOnce() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                ConditionVariable<Void> cv = new ConditionVariable<>();
                List<Coro> doomed = Waiting.spawn(5, awaitAndCount(cv));
                Coro survivor = Coro.spawn(awaitAndCount(cv));
                Coro.yieldSlice();
                assertEquals(6, cv.size());
                doomed.forEach(Coro::shutdown);
                assertEquals(1, cv.size());
                assertEquals(1, cv.wakeAll());
                Waiting.joinAll(doomed, survivor);
                assertEquals(1, resumed);
                assertEquals(0, cv.queued());
            });
        }
    }

    @Test
    void waitersWokenThenShutDownDoNotRunAndTheSurvivorRunsOnce() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                ConditionVariable<Void> cv = new ConditionVariable<>();
                List<Coro> doomed = Waiting.spawn(5, awaitAndCount(cv));
                Coro survivor = Coro.spawn(awaitAndCount(cv));
                Coro.yieldSlice();
                assertEquals(6, cv.wakeAll());
                doomed.forEach(Coro::shutdown);
                Waiting.joinAll(doomed, survivor);
                assertEquals(1, resumed);
                assertEquals(0, cv.queued());
            });
        }
    }

    @Test
    void awaitReturnsTheValueGivenToTheWakeInArrivalOrder() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                ConditionVariable<String> cv = new ConditionVariable<>();
                List<String> got = new ArrayList<>();
                List<Coro> waiters = new ArrayList<>();
                for (String name : List.of("a", "b", "c")) {
                    waiters.add(Coro.spawn(() -> got.add(name + "=" + cv.await())));
                }
                Coro.yieldSlice();
                assertTrue(cv.wakeOne("first"));
                assertEquals(2, cv.wakeN(5, "rest"));
                assertFalse(cv.wakeOne("nobody"));
                Waiting.joinAll(waiters);
                assertEquals(List.of("a=first", "b=rest", "c=rest"), got);
            });
        }
    }

    @Test
    void aWakeOneWhoseWaiterIsShutDownBeforeRunningGoesToTheNextWaiter() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                ConditionVariable<String> cv = new ConditionVariable<>();
                List<String> got = new ArrayList<>();
                Coro first = Coro.spawn(() -> got.add("first " + cv.await()));
                Coro second = Coro.spawn(() -> got.add("second " + cv.await()));
                Coro.yieldSlice();
                assertTrue(cv.wakeOne("token"));
                first.shutdown();
                Waiting.joinAll(List.of(first, second));
                assertEquals(List.of("second token"), got);
            });
        }
    }

    @Test
    void wakeNWakesAtMostNInOrder() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                ConditionVariable<Integer> cv = new ConditionVariable<>();
                List<Integer> got = new ArrayList<>();
                List<Coro> waiters = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    int me = i;
                    waiters.add(Coro.spawn(() -> got.add(me * 100 + cv.await())));
                }
                Coro.yieldSlice();
                assertEquals(3, cv.wakeN(3, 7));
                assertEquals(1, cv.size());
                Coro.yieldSlice();
                assertEquals(List.of(7, 107, 207), got);
                assertEquals(1, cv.wakeAll(9));
                Waiting.joinAll(waiters);
                assertEquals(List.of(7, 107, 207, 309), got);
            });
        }
    }

    @Test
    void raiseAllThrowsTheErrorInEveryWaiter() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                ConditionVariable<Void> cv = new ConditionVariable<>();
                List<String> got = new ArrayList<>();
                List<Coro> waiters = Waiting.spawn(3, () -> {
                    try {
                        cv.await();
                        got.add("woken");
                    } catch (Exception e) { // raiseAll may throw checked exceptions, such as ClosedError
                        got.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                    }
                });
                Coro.yieldSlice();
                assertEquals(3, cv.raiseAll(new ClosedError("gone")));
                Waiting.joinAll(waiters);
                assertEquals(List.of("ClosedError: gone", "ClosedError: gone", "ClosedError: gone"), got);
                assertEquals(0, cv.queued());
            });
        }
    }

    @Test
    void aWaiterThatTimesOutLeavesTheQueue() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                ConditionVariable<Void> cv = new ConditionVariable<>();
                assertThrows(TimeoutError.class, () -> Coro.withTimeout(Duration.ofMillis(5), cv::await));
                assertEquals(0, cv.queued());
                assertFalse(cv.wakeOne());
            });
        }
    }
}
