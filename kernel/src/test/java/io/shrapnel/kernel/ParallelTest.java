package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CoroTestExtension.class)
class ParallelTest {
    private static Callable<Integer> sleeper(int value, long ms) {
        return () -> {
            Coro.sleep(Duration.ofMillis(ms));
            return value;
        };
    }

    @Test
    void resultsComeInInputOrderNotFinishingOrderAndTheTasksRunAtTheSameTime() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                long t0 = Coro.now();
                List<Integer> r = Parallel.inParallel(List.of(sleeper(1, 30), sleeper(2, 10), sleeper(3, 20)));
                assertEquals(List.of(1, 2, 3), r);
                assertEquals(Duration.ofMillis(30).toNanos(), Coro.now() - t0);
                assertEquals(List.of(), Parallel.inParallel(List.<Callable<Integer>>of()));
            });
        }
    }

    @Test
    void failuresAreAllReportedWithEveryOutcome() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                InParallelError e = assertThrows(InParallelError.class, () -> Parallel.inParallel(List.of(
                        sleeper(1, 5),
                        () -> {
                            throw new IOException("disk");
                        },
                        sleeper(3, 1),
                        () -> {
                            throw new IllegalStateException("state");
                        })));
                assertEquals("2 of 4 parallel tasks failed", e.getMessage());
                assertEquals(2, e.getSuppressed().length);
                assertInstanceOf(IOException.class, e.getCause());
                List<InParallelError.Outcome> o = e.outcomes();
                assertEquals(1, o.get(0).value());
                assertEquals("disk", o.get(1).error().getMessage());
                assertNull(o.get(1).value());
                assertEquals(3, o.get(2).value());
                assertEquals("state", o.get(3).error().getMessage());
            });
        }
    }

    /** The original's test: a timeout interrupts the wait; a later call with room to finish succeeds. */
    @Test
    void aTimeoutShutsTheTasksDownAndALaterCallWithEnoughTimeSucceeds() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                int before = Scheduler.current().liveCoros();
                assertThrows(TimeoutError.class, () -> Coro.withTimeout(Duration.ofSeconds(2),
                        () -> Parallel.inParallel(List.of(sleeper(1, 5000), sleeper(2, 5000), sleeper(3, 5000)))));
                assertEquals(before, Scheduler.current().liveCoros(), "no task outlives the call");
                List<Integer> r = Coro.withTimeout(Duration.ofSeconds(7),
                        () -> Parallel.inParallel(List.of(sleeper(4, 5000), sleeper(5, 5000), sleeper(6, 5000))));
                assertEquals(List.of(4, 5, 6), r);
            });
        }
    }

    @Test
    void theTasksAreNamedAfterTheCallingCoro() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Callable<String> name = () -> Coro.current().name();
                assertEquals(List.of("test-main/inParallel-0", "test-main/inParallel-1"),
                        Parallel.inParallel(List.of(name, name)));
                Coro unnamed = Coro.spawn(() -> assertEquals(
                        List.of("coro#" + Coro.current().id() + "/inParallel-0"), Parallel.inParallel(List.of(name))));
                unnamed.join();
                assertNull(unnamed.exitError());
            });
        }
    }
}
