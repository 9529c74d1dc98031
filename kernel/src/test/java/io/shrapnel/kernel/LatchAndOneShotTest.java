package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CoroTestExtension.class)
class LatchAndOneShotTest {
    @Test
    void latchReleasesEveryWaiterAtTheLastCountDownAndStaysOpen() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Latch latch = new Latch(3);
                List<Long> releasedAt = new ArrayList<>();
                long t0 = Coro.now();
                List<Coro> waiters = Waiting.spawn(2, () -> {
                    latch.await();
                    releasedAt.add(Duration.ofNanos(Coro.now() - t0).toMillis());
                });
                for (int i = 1; i <= 3; i++) {
                    Coro.sleep(Duration.ofMillis(10));
                    latch.countDown();
                }
                Waiting.joinAll(waiters);
                assertEquals(List.of(30L, 30L), releasedAt);
                latch.countDown();
                assertEquals(0, latch.count());
                latch.await(); // open for good
                assertEquals(0, latch.queued());
            });
        }
    }

    @Test
    void latchAwaitWithATimeoutReportsWhetherItOpened() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Latch latch = new Latch(1);
                long t0 = Coro.now();
                assertFalse(latch.await(Duration.ofMillis(25)));
                assertEquals(Duration.ofMillis(25).toNanos(), Coro.now() - t0);
                assertEquals(0, latch.queued());
                Coro opener = Coro.spawn(() -> {
                    Coro.sleep(Duration.ofMillis(5));
                    latch.countDown();
                });
                assertTrue(latch.await(Duration.ofSeconds(1)));
                opener.join();
                assertEquals(0, loop.scheduler().stats().pendingTimers(), "the timeout timer was cancelled");
            });
        }
    }

    @Test
    void oneShotCarriesTheFirstSignalToEveryWaiterAndLaterAwaits() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                OneShot<String> done = new OneShot<>();
                assertNull(done.value());
                List<String> got = new ArrayList<>();
                List<Coro> waiters = Waiting.spawn(3, () -> got.add(done.await()));
                Coro.yieldSlice();
                assertTrue(done.signal("ready"));
                assertFalse(done.signal("again"), "a one-shot signals once");
                Waiting.joinAll(waiters);
                assertEquals(List.of("ready", "ready", "ready"), got);
                assertEquals("ready", done.await());
                assertTrue(done.isSignalled());
            });
        }
    }

    @Test
    void oneShotAwaitWithATimeoutReportsWhetherItWasSignalled() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                OneShot<Integer> shot = new OneShot<>();
                assertFalse(shot.await(Duration.ofMillis(3)));
                assertEquals(0, shot.queued());
                Coro.spawn(() -> shot.signal(42));
                assertTrue(shot.await(Duration.ofMillis(3)));
                assertEquals(42, shot.value());
            });
        }
    }
}
