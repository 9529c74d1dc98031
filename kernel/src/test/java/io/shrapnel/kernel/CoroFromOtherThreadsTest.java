package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Starting and raising into coros from a thread that is not their loop's: posted, checked on the loop. */
@ExtendWith(CoroTestExtension.class)
class CoroFromOtherThreadsTest {
    @RegisterExtension
    final CapturedStderr err = new CapturedStderr();

    @Test
    void aRaiseFromAnotherThreadIntoACoroNotYetRunIsDroppedUnlessItCancelsTheStart() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            Scheduler s = loop.scheduler();
            List<String> ran = new ArrayList<>();
            Coro kept = Coro.create(s, "kept", () -> ran.add("kept ran"));
            Coro cancelled = Coro.create(s, "cancelled", () -> ran.add("cancelled ran"));
            kept.raiseException(new IllegalStateException("dropped"), false); // posted; not started: dropped
            cancelled.raiseException(new IllegalStateException("cancels"), true); // posted; cancels its start
            kept.start();
            s.runUntilDone();
            assertEquals(List.of("kept ran"), ran);
            assertTrue(cancelled.isDead());
            assertFalse(cancelled.isStarted());
            assertEquals(null, cancelled.exitError(), "a cancelled start is no failure");
            assertThrows(DeadCoroError.class, () -> kept.raiseException(new IllegalStateException("late")),
                    "a dead coro is refused at once, on any thread");
            assertThrows(DeadCoroError.class, () -> kept.interrupt("late"));
        }
    }

    @Test
    void aSecondStartFromAnotherThreadIsRefusedOnTheLoopOrAtOnceOnceItRan() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            Scheduler s = loop.scheduler();
            int[] runs = new int[1];
            Coro c = Coro.create(s, "twice", () -> runs[0]++);
            c.start();
            c.start(); // still NEW here: both starts are posted; the loop refuses the second
            s.runUntilDone();
            assertEquals(1, runs[0]);
            assertTrue(err.text().contains("posted task failed: " + ScheduleError.class.getName()), err.text());
            assertTrue(err.text().contains("is already started"), err.text());
            ScheduleError e = assertThrows(ScheduleError.class, c::start, "no longer NEW: refused at once");
            assertTrue(e.getMessage().contains("twice"), e.getMessage());
            assertSame(c, e.coro());
        }
    }
}
