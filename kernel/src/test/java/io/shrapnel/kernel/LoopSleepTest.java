package io.shrapnel.kernel;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.nio.channels.Pipe;
import org.awaitility.core.ConditionTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How an idle loop sleeps: parked (with the loop as the blocker) when it watches no channel, in its
 * selector when it does; a post from another thread wakes it either way, and a timer wakes it on time.
 */
@ExtendWith(CoroTestExtension.class)
class LoopSleepTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** From another thread: waits until {@code loopThread} sleeps the way {@code parked} says, then posts. */
    private static Thread postWhenAsleep(Thread loopThread, Scheduler loop, boolean parked, OneShot<String> got) {
        return Thread.ofPlatform().start(() -> {
            String what = parked ? "woken from a park" : "woken from a select";
            try {
                await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(() -> parked
                        ? LockSupport.getBlocker(loopThread) == loop
                        : loopThread.getState() == Thread.State.RUNNABLE && loop.stats().selects() > 0
                                && LockSupport.getBlocker(loopThread) == null);
            } catch (ConditionTimeoutException e) {
                what = "the loop was never seen asleep " + (parked ? "parked" : "in its selector");
            }
            String told = what;
            loop.post(() -> got.signal(told)); // wakes a loop asleep either way, if it works
        });
    }

    /** A pipe whose reading end is registered with {@code loop} (on its thread): the loop watches a channel. */
    private record WatchedPipe(Pipe pipe, Poller.Registration registration) implements AutoCloseable {
        static WatchedPipe on(Scheduler loop) throws Exception {
            Pipe p = Pipe.open();
            p.source().configureBlocking(false);
            return new WatchedPipe(p, loop.poller().register(p.source()));
        }

        @Override
        public void close() throws Exception {
            registration.close();
            pipe.sink().close();
        }
    }

    private static void joinOff(Thread t) throws Exception {
        Coro.offload(() -> {
            t.join();
            return null;
        });
    }

    @Test
    void aLoopWithoutChannelsSleepsParkedAndAPostWakesIt() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            Scheduler s = loop.scheduler();
            Thread loopThread = Thread.currentThread();
            loop.run(() -> {
                OneShot<String> got = new OneShot<>();
                long wakeupsBefore = s.stats().selectorWakeups();
                Thread poster = postWhenAsleep(loopThread, s, true, got);
                assertEquals("woken from a park", got.await()); // no timer: only the post can wake it
                assertTrue(s.stats().selectorWakeups() > wakeupsBefore);
                joinOff(poster);
            });
        }
    }

    @Test
    void aLoopWithAChannelSleepsInItsSelectorAndAPostWakesIt() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            Scheduler s = loop.scheduler();
            Thread loopThread = Thread.currentThread();
            loop.run(() -> {
                try (WatchedPipe watched = WatchedPipe.on(s)) {
                    OneShot<String> got = new OneShot<>();
                    // the loop sleeps in the select while this coro waits: never parked on itself
                    AtomicBoolean done = new AtomicBoolean();
                    AtomicBoolean sawParked = new AtomicBoolean();
                    Thread watcher = Thread.ofPlatform().start(() -> {
                        while (!done.get()) {
                            if (LockSupport.getBlocker(loopThread) == s) {
                                sawParked.set(true);
                            }
                            Thread.onSpinWait();
                        }
                    });
                    long passesBefore = s.stats().passes();
                    Thread poster = postWhenAsleep(loopThread, s, false, got);
                    assertEquals("woken from a select", got.await());
                    // asleep in the select, not spinning: a handful of passes while it waited
                    long passes = s.stats().passes() - passesBefore;
                    assertTrue(passes < 100, passes + " passes while idle in the selector");
                    done.set(true);
                    joinOff(poster);
                    joinOff(watcher);
                    assertFalse(sawParked.get(), "a loop with a registered channel parked instead of selecting");
                }
            });
        }
    }

    @Test
    void aParkedLoopWakesForItsTimerOnTime() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            Scheduler s = loop.scheduler();
            loop.run(() -> {
                long before = s.stats().selects();
                long passesBefore = s.stats().passes();
                long t0 = System.nanoTime();
                Coro.sleep(Duration.ofMillis(20));
                long slept = System.nanoTime() - t0;
                assertTrue(slept >= Duration.ofMillis(20).toNanos(), "woke early: " + slept + " ns");
                assertTrue(s.stats().selects() > before, "the loop did not go to sleep");
                long passes = s.stats().passes() - passesBefore;
                assertTrue(passes < 100, passes + " passes for one timed sleep: the loop spun instead of parking");
            });
        }
    }

    @Test
    void afterItsLastChannelClosesTheLoopSleepsParkedAgain() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            Scheduler s = loop.scheduler();
            Thread loopThread = Thread.currentThread();
            loop.run(() -> {
                try (WatchedPipe watched = WatchedPipe.on(s)) {
                    Coro.sleep(Duration.ofMillis(1)); // a sleep in the selector
                }
                // the selector lets go of a closed channel at its next select: one more sleep there
                Coro.sleep(Duration.ofMillis(1));
                OneShot<String> got = new OneShot<>();
                Thread poster = postWhenAsleep(loopThread, s, true, got);
                assertEquals("woken from a park", got.await());
                joinOff(poster);
            });
        }
    }

    @Test
    void aPostToALoopThatIsAwakeAfterATimedParkDoesNotWakeIt() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            Scheduler s = loop.scheduler();
            loop.run(() -> {
                Coro.sleep(Duration.ofMillis(2)); // parked, woken by its timer, not by a post
                long wakeups = s.stats().selectorWakeups();
                AtomicBoolean posted = new AtomicBoolean();
                Thread.ofPlatform().start(() -> {
                    s.post(() -> { });
                    posted.set(true);
                });
                long giveUp = System.nanoTime() + WAIT.toNanos();
                while (!posted.get()) { // hold the loop: the post comes while it is awake
                    Thread.onSpinWait();
                    if (System.nanoTime() - giveUp > 0) {
                        throw new AssertionError("the posting thread did not post within " + WAIT);
                    }
                }
                assertEquals(wakeups, s.stats().selectorWakeups(), "a post to an awake loop counted as waking it");
            });
        }
    }

    @Test
    void closeFromAnotherThreadEndsAParkedLoopRunOnItsCallersThread() throws Exception {
        Scheduler s = Scheduler.create("closed-while-parked");
        s.spawn("waiter", () -> new OneShot<String>().await()); // parks for good: the loop sleeps
        java.util.concurrent.atomic.AtomicReference<Object> ended = new java.util.concurrent.atomic.AtomicReference<>();
        Thread runner = Thread.ofPlatform().start(() -> {
            try {
                ended.set(s.run());
            } catch (RuntimeException e) {
                ended.set(e);
            }
        });
        await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(() -> LockSupport.getBlocker(runner) == s);
        s.close();
        assertTrue(runner.join(WAIT), "the loop still runs after close");
        Object end = ended.get();
        assertTrue(Integer.valueOf(0).equals(end) || end instanceof java.nio.channels.ClosedSelectorException,
                "run() neither returned 0 nor met the closed selector: " + end);
    }
}
