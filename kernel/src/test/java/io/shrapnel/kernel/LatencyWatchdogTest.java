package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.shrapnel.kernel.testing.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The latency watchdog's work, tick by tick, called directly with the test's own times and loops
 * (the watchdog thread of the JVM never sees these loops: they are not registered).
 */
class LatencyWatchdogTest {
    private static final long MS = 1_000_000;
    private static final long THRESHOLD = 200 * MS;

    /** A flagged slice is reported on stderr when it ends; kept out of the build's output. */
    @RegisterExtension
    final CapturedStderr stderr = new CapturedStderr();

    @Test
    void theTickIsATenthOfTheThresholdBetweenOneAndFiftyMilliseconds() {
        assertEquals(MS, LatencyWatchdog.tickFor(5 * MS));
        assertEquals(MS, LatencyWatchdog.tickFor(10 * MS));
        assertEquals(2 * MS, LatencyWatchdog.tickFor(20 * MS));
        assertEquals(20 * MS, LatencyWatchdog.tickFor(THRESHOLD));
        assertEquals(50 * MS, LatencyWatchdog.tickFor(500 * MS));
        assertEquals(50 * MS, LatencyWatchdog.tickFor(10_000 * MS));
    }

    @Test
    void aRunningLoopOnTheSystemClockIsWatchedAndASliceSeenForTheThresholdIsFlagged() {
        onOwnLoop(Clock.system(), loop -> {
            long slice = loop.stats().resumes();
            long t0 = System.nanoTime();
            assertEquals(20 * MS, LatencyWatchdog.scan(t0, THRESHOLD, List.of(loop)));
            assertEquals(20 * MS, LatencyWatchdog.scan(t0 + THRESHOLD - 1, THRESHOLD, List.of(loop)));
            assertEquals(SliceWatch.NOT_FLAGGED, loop.sliceWatch().flaggedSince(slice), "seen 1 ns short");
            assertEquals(20 * MS, LatencyWatchdog.scan(t0 + THRESHOLD, THRESHOLD, List.of(loop)));
            assertEquals(t0, loop.sliceWatch().flaggedSince(slice), "flagged since the first sighting");
        });
    }

    @Test
    void aRunningLoopAmongLoopsThatDoNotRunIsWatched() {
        try (Scheduler idle = Scheduler.createUnregistered("idle", Clock.system())) {
            onOwnLoop(Clock.system(), loop -> {
                long slice = loop.stats().resumes();
                assertEquals(50 * MS, LatencyWatchdog.scan(0, 600 * MS, List.of(idle, loop)));
                assertEquals(50 * MS, LatencyWatchdog.scan(600 * MS, 600 * MS, List.of(loop, idle)));
                assertEquals(0, loop.sliceWatch().flaggedSince(slice));
            });
        }
    }

    @Test
    void loopsThatDoNotRunLeaveTheWatchdogIdle() {
        try (Scheduler idle = Scheduler.createUnregistered("idle", Clock.system())) {
            assertEquals(LatencyWatchdog.IDLE, LatencyWatchdog.scan(0, THRESHOLD, List.of(idle)));
            assertEquals(LatencyWatchdog.IDLE, LatencyWatchdog.scan(0, THRESHOLD, List.of()));
        }
    }

    @Test
    void aLoopOnAVirtualClockIsNotWatched() {
        onOwnLoop(new TestClock(), loop -> {
            long slice = loop.stats().resumes();
            assertEquals(LatencyWatchdog.IDLE, LatencyWatchdog.scan(0, THRESHOLD, List.of(loop)));
            assertEquals(LatencyWatchdog.IDLE, LatencyWatchdog.scan(THRESHOLD, THRESHOLD, List.of(loop)));
            assertEquals(SliceWatch.NOT_FLAGGED, loop.sliceWatch().flaggedSince(slice),
                    "virtual-time loops time their slices themselves");
        });
    }

    @Test
    void withoutAThresholdNothingIsWatched() {
        onOwnLoop(Clock.system(), loop -> {
            long slice = loop.stats().resumes();
            for (long threshold : new long[] {0, -1}) {
                assertEquals(LatencyWatchdog.IDLE, LatencyWatchdog.scan(0, threshold, List.of(loop)));
                assertEquals(LatencyWatchdog.IDLE, LatencyWatchdog.scan(10_000 * MS, threshold, List.of(loop)));
            }
            assertEquals(SliceWatch.NOT_FLAGGED, loop.sliceWatch().flaggedSince(slice));
        });
    }

    @Test
    void aTickMoreThanHalfATickLateMakesTheWatchdogBehind() {
        LatencyWatchdog.Ticks p = new LatencyWatchdog.Ticks();
        long tick = 10 * MS;
        p.woke(0, tick, tick);
        assertFalse(p.behind(), "on time");
        p.woke(tick, tick, 2 * tick + tick / 2);
        assertFalse(p.behind(), "exactly half a tick late");
        p.woke(3 * tick, tick, 4 * tick + tick / 2 + 1);
        assertTrue(p.behind(), "a nanosecond more");
    }

    @Test
    void theWatchdogCatchesUpAfterKeepingItsTickForTwoSecondsOnEnd() {
        LatencyWatchdog.Ticks p = new LatencyWatchdog.Ticks();
        long tick = 10 * MS;
        long late = 2 * tick;
        p.woke(0, tick, late);
        assertTrue(p.behind());
        p.woke(late + 100 * MS, tick, late + 100 * MS + tick);
        assertTrue(p.behind(), "on time, but not for long");
        long late2 = late + 1_000 * MS;
        p.woke(late2 - 2 * tick, tick, late2);
        assertTrue(p.behind(), "late again: the calm counts from here");
        p.woke(late + LatencyWatchdog.CALM, tick, late + LatencyWatchdog.CALM + tick);
        assertTrue(p.behind(), "two seconds after the first late tick, one after the second");
        p.woke(late2 + LatencyWatchdog.CALM - tick, tick, late2 + LatencyWatchdog.CALM);
        assertTrue(p.behind(), "exactly two seconds on time is not yet more");
        p.woke(late2 + LatencyWatchdog.CALM - tick + 1, tick, late2 + LatencyWatchdog.CALM + 1);
        assertFalse(p.behind(), "more than two seconds on time");
        p.woke(late2 + 3 * LatencyWatchdog.CALM, tick, late2 + 3 * LatencyWatchdog.CALM + tick);
        assertFalse(p.behind(), "stays in step");
    }

    @Test
    void aTickScansParksForATickAndNotesHowLateItWoke() {
        onOwnLoop(Clock.system(), loop -> {
            TestClock clock = new TestClock();
            LatencyWatchdog.Ticks ticks = new LatencyWatchdog.Ticks();
            List<Long> parks = new ArrayList<>();
            long[] late = {0};
            LongConsumer park = nanos -> {
                parks.add(nanos);
                clock.advance(Duration.ofNanos(nanos + late[0]));
            };
            long slice = loop.stats().resumes();
            ticks.tick(clock, park, THRESHOLD, List.of(loop));
            assertEquals(List.of(20 * MS), parks);
            assertFalse(ticks.behind(), "woke on time");
            late[0] = 10 * MS;
            ticks.tick(clock, park, THRESHOLD, List.of(loop));
            assertFalse(ticks.behind(), "half a tick late");
            late[0] = 10 * MS + 1;
            for (int i = 0; i < 8; i++) {
                ticks.tick(clock, park, THRESHOLD, List.of(loop));
            }
            assertTrue(ticks.behind(), "more than half a tick late");
            assertEquals(10, parks.size());
            assertEquals(clock.nanoTime() - 10 * (20 * MS) - 8 * late[0] - 10 * MS,
                    loop.sliceWatch().flaggedSince(slice), "the slice seen at the first tick, flagged");
        });
    }

    @Test
    void withNothingToWatchATickIdlesAndLeavesThePunctualityAlone() {
        TestClock clock = new TestClock();
        LatencyWatchdog.Ticks ticks = new LatencyWatchdog.Ticks();
        List<Long> parks = new ArrayList<>();
        LongConsumer park = nanos -> {
            parks.add(nanos);
            clock.advance(Duration.ofNanos(10 * nanos)); // very late, but idle ticks are not judged
        };
        try (Scheduler idle = Scheduler.createUnregistered("idle", Clock.system())) {
            ticks.tick(clock, park, THRESHOLD, List.of(idle));
            ticks.tick(clock, park, 0, List.of(idle));
        }
        assertEquals(List.of(LatencyWatchdog.IDLE_TICK, LatencyWatchdog.IDLE_TICK), parks);
        assertFalse(ticks.behind());
    }

    /** Runs {@code body} in a coro of a loop of its own (not registered) on this thread. */
    private static void onOwnLoop(Clock clock, Consumer<Scheduler> body) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean done = new AtomicBoolean();
        try (Scheduler loop = Scheduler.createUnregistered("watched", clock)) {
            loop.spawn(() -> {
                try {
                    body.accept(loop);
                    done.set(true);
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            loop.runUntilDone();
        }
        if (failure.get() != null) {
            fail(failure.get());
        }
        assertTrue(done.get(), "the body ran");
    }
}
