package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CoroTestExtension.class)
class ResumeListenerTest {
    /** Records every call with the coro's name and state, and checks it is called on the loop, outside coros. */
    private static final class Recorder implements ResumeListener {
        final List<String> events = new ArrayList<>();
        final Scheduler loop;
        int outsideLoop;

        Recorder(Scheduler loop) {
            this.loop = loop;
        }

        @Override
        public void resuming(Coro coro) {
            check();
            events.add("resuming " + coro.name() + " " + coro.state());
        }

        @Override
        public void suspended(Coro coro) {
            check();
            events.add("suspended " + coro.name() + " " + coro.state());
        }

        private void check() {
            if (Coro.current() != null || !loop.inLoop()) {
                outsideLoop++;
            }
        }
    }

    @Test
    void listenerIsToldAroundEveryRunInOrderOnTheLoopThread() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            Recorder r = new Recorder(loop.scheduler());
            assertNull(loop.scheduler().setResumeListener(r));
            loop.spawn("a", () -> {
                Coro.sleep(Duration.ofMillis(5));
                Coro.yieldSlice();
            });
            loop.runUntilDone();
            assertEquals(List.of(
                    "resuming a SCHEDULED", "suspended a WAITING",
                    "resuming a SCHEDULED", "suspended a SCHEDULED",
                    "resuming a SCHEDULED", "suspended a DEAD"), r.events);
            assertEquals(0, r.outsideLoop, "called from a coro or off the loop thread");
            assertSame(r, loop.scheduler().resumeListener());
        }
    }

    @Test
    void everyResumeCountedByTheLoopIsReported() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            Recorder r = new Recorder(loop.scheduler());
            loop.scheduler().setResumeListener(r);
            long before = loop.scheduler().stats().resumes();
            for (int i = 0; i < 10; i++) {
                int n = i;
                loop.spawn("c" + i, () -> {
                    for (int j = 0; j < n; j++) {
                        Coro.yieldSlice();
                    }
                });
            }
            loop.runUntilDone();
            long resumes = loop.scheduler().stats().resumes() - before;
            long told = r.events.stream().filter(e -> e.startsWith("resuming")).count();
            assertEquals(resumes, told);
            assertEquals(told, r.events.stream().filter(e -> e.startsWith("suspended")).count());
            assertEquals(55, told, "coro i runs i + 1 times");
        }
    }

    @Test
    void removedListenerIsNoLongerCalled() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            Recorder r = new Recorder(loop.scheduler());
            loop.scheduler().setResumeListener(r);
            loop.run(() -> {
                loop.scheduler().setResumeListener(null); // taken into account from the next pass on
                Coro.yieldSlice();
                Coro.sleep(Duration.ofMillis(1));
            });
            assertEquals(List.of("resuming test-main SCHEDULED", "suspended test-main SCHEDULED"), r.events);
        }
    }

    @Test
    void failingListenerDoesNotStopTheCoros() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.scheduler().setResumeListener(new FailingResumeListener());
            int result = loop.call(() -> {
                Coro.yieldSlice();
                return 42;
            });
            assertEquals(42, result);
            assertTrue(loop.scheduler().stats().resumes() >= 2);
        }
    }

    @Test
    void postsFromOtherThreadsAreCounted() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            long before = loop.scheduler().stats().postsTaken();
            loop.run(() -> {
                Thread t = Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 5; i++) {
                        loop.scheduler().post(() -> { });
                    }
                });
                Coro.offload(() -> {
                    t.join();
                    return null;
                });
            });
            // five tasks, the offload result, and the spawn of test-main from this (foreign) thread
            assertTrue(loop.scheduler().stats().postsTaken() - before >= 6,
                    "posts taken: " + (loop.scheduler().stats().postsTaken() - before));
        }
    }
}
