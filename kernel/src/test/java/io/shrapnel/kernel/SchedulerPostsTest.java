package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What other threads hand the loop: at most 4096 items a pass, and none left behind by runUntilDone. */
@ExtendWith(CoroTestExtension.class)
class SchedulerPostsTest {
    @Test
    void aPassTakesAtMost4096PostsSoCorosRunBetweenTheRestOfAFlood() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            Scheduler s = loop.scheduler();
            List<String> order = new ArrayList<>();
            int[] tasksRun = new int[1];
            // From this (foreign) thread, before the loop runs: the spawn is the first post.
            s.spawn("early", () -> order.add("coro after " + tasksRun[0] + " tasks"));
            for (int i = 0; i < 4095; i++) {
                s.post(() -> tasksRun[0]++);
            }
            s.post(() -> order.add("post 4097"));
            s.runUntilDone();
            assertEquals(List.of("coro after 4095 tasks", "post 4097"), order);
            assertEquals(4097, s.stats().postsTaken());
        }
    }

    @Test
    void runUntilDoneTakesPostsThatArriveAfterTheLastCoroDied() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            Scheduler s = loop.scheduler();
            List<String> order = new ArrayList<>();
            s.spawn("last", () -> {
                // posted from the loop's own thread: taken at the next pass, after this coro is gone
                s.post(() -> order.add("posted by the last coro"));
                order.add("last coro ends");
            });
            s.runUntilDone();
            assertEquals(List.of("last coro ends", "posted by the last coro"), order);
            assertEquals(0, s.liveCoros());
            assertTrue(s.stats().passes() >= 2);
        }
    }
}
