package io.shrapnel.kernel;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The loop's counters ({@link Scheduler#stats()}), read from a coro of a virtual-time loop. */
@ExtendWith(CoroTestExtension.class)
class SchedulerStatsTest {
    @Test
    void countersFollowSpawnsSlicesPassesAndTimers() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            Scheduler s = loop.scheduler();
            loop.run(() -> {
                Scheduler.Stats start = s.stats();
                assertEquals("test-virtual", start.name());
                assertEquals(1, start.spawned(), "test-main");
                assertEquals(1, start.liveCoros());
                assertEquals(0, start.resumes(), "the slice running now is counted when it ends");
                assertEquals(1, start.passes(), "test-main runs in the loop's first pass");

                List<Coro> sleepers = Waiting.spawn(3, () -> Coro.sleep(Duration.ofMillis(10)));
                Coro.yieldSlice(); // one pass: the three sleepers park, then this coro runs again
                Scheduler.Stats parked = s.stats();
                assertEquals(4, parked.spawned());
                assertEquals(4, parked.liveCoros());
                assertEquals(0, parked.readyCoros());
                assertEquals(3, parked.pendingTimers());
                assertEquals(0, parked.timersFired());
                assertEquals(start.passes() + 1, parked.passes());
                assertEquals(4, parked.resumes(), "test-main's first slice and one slice of each sleeper");

                Coro.sleep(Duration.ofMillis(20));
                Scheduler.Stats end = s.stats();
                assertEquals(4, end.timersFired(), "three sleeps and this coro's own");
                assertEquals(0, end.pendingTimers());
                assertEquals(1, end.liveCoros());
                assertEquals(4, end.spawned(), "dead coros stay counted");
                assertEquals(8, end.resumes(), "each sleeper and test-main resumed once more");
                assertTrue(end.passes() >= parked.passes() + 2, "a pass per deadline: " + end);
                assertEquals(0, end.selects(), "a virtual-time loop with no I/O never selects");
                assertEquals(0, end.latencyWarnings());
                assertFalse(end.uptime().isNegative());
                for (Coro c : sleepers) {
                    assertTrue(c.isDead());
                }
            });
        }
    }

    @Test
    void aLoopWaitingForAnotherThreadSelectsAndIsWokenByItsPost() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            Scheduler s = loop.scheduler();
            loop.run(() -> {
                long selectsBefore = s.stats().selects();
                long wakeupsBefore = s.stats().selectorWakeups();
                // The pool thread returns only once the loop has gone to sleep in its selector (it
                // counts the select after announcing it sleeps), so its wakeup must wake the selector.
                Coro.offload(() -> {
                    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1))
                            .until(() -> s.stats().selects() > selectsBefore);
                    return null;
                });
                Scheduler.Stats after = s.stats();
                assertTrue(after.selects() > selectsBefore, after.toString());
                assertEquals(wakeupsBefore + 1, after.selectorWakeups(), after.toString());
                assertTrue(after.postsTaken() >= 1, after.toString());
            });
        }
    }
}
