package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CoroTestExtension.class)
class SliceHistogramTest {
    @Test
    void bucketsArePowersOfTwoOfNanoseconds() {
        assertEquals(0, SliceHistogram.bucketOf(-5));
        assertEquals(0, SliceHistogram.bucketOf(0));
        assertEquals(1, SliceHistogram.bucketOf(1));
        assertEquals(2, SliceHistogram.bucketOf(2));
        assertEquals(2, SliceHistogram.bucketOf(3));
        assertEquals(3, SliceHistogram.bucketOf(4));
        assertEquals(30, SliceHistogram.bucketOf((1L << 30) - 1));
        assertEquals(31, SliceHistogram.bucketOf(1L << 30));
        assertEquals(31, SliceHistogram.bucketOf(Long.MAX_VALUE));
        assertEquals(0, SliceHistogram.lowerBoundNanos(0));
        assertEquals(1, SliceHistogram.lowerBoundNanos(1));
        assertEquals(1L << 30, SliceHistogram.lowerBoundNanos(31));
        for (int i = 1; i < SliceHistogram.BUCKETS; i++) {
            assertEquals(i, SliceHistogram.bucketOf(SliceHistogram.lowerBoundNanos(i)));
            assertEquals(i - 1, SliceHistogram.bucketOf(SliceHistogram.lowerBoundNanos(i) - 1));
        }
    }

    @Test
    void everySliceIsCountedByItsLengthWhileTimingIsOn() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            Scheduler s = loop.scheduler();
            assertFalse(s.sliceTiming());
            s.setSliceTiming(true);
            assertTrue(s.sliceTiming());
            long before = s.stats().resumes();
            loop.run(() -> Coro.spawn("worker", () -> {
                loop.clock().advance(Duration.ofNanos(300_000));
                Coro.yieldSlice();
                loop.clock().advance(Duration.ofMillis(5));
            }).join());
            SliceHistogram h = s.sliceHistogram();
            assertEquals(1, h.count(SliceHistogram.bucketOf(300_000)));
            assertEquals(1, h.count(SliceHistogram.bucketOf(5_000_000)));
            assertEquals(s.stats().resumes() - before, h.total(), h.toString());
            assertEquals(h.total() - 2, h.count(0), "the other slices took no virtual time: " + h);
            assertTrue(h.toString().startsWith("SliceHistogram[" + h.count(0) + ", 0, "), h.toString());
        }
    }

    @Test
    void nothingIsCountedWhileTimingIsOffAndTurningItOffKeepsTheCounts() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            Scheduler s = loop.scheduler();
            loop.run(() -> loop.clock().advance(Duration.ofMillis(1)));
            assertEquals(0, s.sliceHistogram().total());
            s.setSliceTiming(true);
            loop.run(() -> loop.clock().advance(Duration.ofMillis(1)));
            long[] counted = s.sliceHistogram().counts();
            assertEquals(1, counted[SliceHistogram.bucketOf(1_000_000)]);
            s.setSliceTiming(false);
            loop.run(() -> loop.clock().advance(Duration.ofMillis(1)));
            assertArrayEquals(counted, s.sliceHistogram().counts());
        }
    }

    @Test
    void latencyWarningsStillComeWhileTimingAndNoneWhenTheyAreOff() throws Exception {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        Duration oldThreshold = Coro.setLatencyWarning(Duration.ofMillis(200));
        try (TestLoop loop = TestLoop.virtualTime()) {
            Scheduler s = loop.scheduler();
            s.setSliceTiming(true);
            loop.run(() -> loop.clock().advance(Duration.ofMillis(300)));
            assertEquals(1, s.stats().latencyWarnings());
            Coro.setLatencyWarning(Duration.ZERO);
            loop.run(() -> loop.clock().advance(Duration.ofMillis(300)));
            assertEquals(1, s.stats().latencyWarnings(), "a threshold of zero turns warnings off");
            assertEquals(2, s.sliceHistogram().count(SliceHistogram.bucketOf(300_000_000)));
        } finally {
            Coro.setLatencyWarning(oldThreshold);
            System.setErr(oldErr);
        }
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("High Latency: (0.300s)"));
    }
}
