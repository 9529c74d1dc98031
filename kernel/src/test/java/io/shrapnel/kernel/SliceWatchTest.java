package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The watchdog's view of one loop, tick by tick (no threads: the ticks are calls). */
class SliceWatchTest {
    private static final long MS = 1_000_000;
    private static final long THRESHOLD = 100 * MS;

    @Test
    void aSliceSeenAtTwoTicksAtLeastTheThresholdApartIsFlaggedWithItsFirstSighting() {
        SliceWatch w = new SliceWatch();
        w.tick(1_000 * MS, THRESHOLD, 7, null);
        w.tick(1_099 * MS, THRESHOLD, 7, null);
        assertEquals(SliceWatch.NOT_FLAGGED, w.flaggedSince(7), "99 ms is under the threshold");
        w.tick(1_100 * MS, THRESHOLD, 7, null);
        assertEquals(1_000 * MS, w.flaggedSince(7), "exactly the threshold counts");
        assertEquals(SliceWatch.NOT_FLAGGED, w.flaggedSince(8), "another slice is not flagged");
    }

    @Test
    void aNewSliceOrANewCoroStartsTheCountAgain() {
        try (Scheduler loop = Scheduler.create("slice-watch")) {
            Coro a = Coro.create(loop, "a", () -> {});
            Coro b = Coro.create(loop, "b", () -> {});
            newSliceOrCoro(a, b);
        }
    }

    private static void newSliceOrCoro(Coro a, Coro b) {
        SliceWatch w = new SliceWatch();
        w.tick(0, THRESHOLD, 1, a);
        w.tick(50 * MS, THRESHOLD, 2, a); // the loop moved to slice 2: seen since 50 ms
        w.tick(120 * MS, THRESHOLD, 2, a);
        assertEquals(SliceWatch.NOT_FLAGGED, w.flaggedSince(2), "slice 2 ran 70 ms");
        w.tick(150 * MS, THRESHOLD, 2, a);
        assertEquals(50 * MS, w.flaggedSince(2));

        SliceWatch v = new SliceWatch();
        v.tick(0, THRESHOLD, 3, a);
        v.tick(60 * MS, THRESHOLD, 3, b); // same number, another coro: a new sighting
        v.tick(120 * MS, THRESHOLD, 3, b);
        assertEquals(SliceWatch.NOT_FLAGGED, v.flaggedSince(3));
        v.tick(160 * MS, THRESHOLD, 3, b);
        assertEquals(60 * MS, v.flaggedSince(3));
    }

    @Test
    void theFirstSliceOfALoopNumberedZeroIsWatchedToo() {
        SliceWatch w = new SliceWatch();
        w.tick(0, THRESHOLD, 0, null);
        w.tick(THRESHOLD, THRESHOLD, 0, null);
        assertEquals(0, w.flaggedSince(0));
        SliceWatch v = new SliceWatch();
        v.tick(5 * MS, THRESHOLD, 0, null);
        v.tick(5 * MS + THRESHOLD, THRESHOLD, 0, null);
        assertEquals(5 * MS, v.flaggedSince(0));
    }

    @Test
    void aFlaggedSliceKeepsItsFirstSightingWhileItRunsOn() {
        SliceWatch w = new SliceWatch();
        w.tick(10 * MS, THRESHOLD, 5, null);
        w.tick(200 * MS, THRESHOLD, 5, null);
        w.tick(400 * MS, THRESHOLD, 5, null);
        assertEquals(10 * MS, w.flaggedSince(5));
        w.tick(500 * MS, THRESHOLD, 6, null);
        w.tick(700 * MS, THRESHOLD, 6, null);
        assertEquals(500 * MS, w.flaggedSince(6), "the next long slice is flagged with its own start");
        assertEquals(SliceWatch.NOT_FLAGGED, w.flaggedSince(5), "one flag at a time: the latest");
    }

    @Test
    void clockValuesNearTheEndOfTheRangeCompareByDifference() {
        SliceWatch w = new SliceWatch();
        long start = Long.MAX_VALUE - 50 * MS;
        w.tick(start, THRESHOLD, 9, null);
        w.tick(start + 150 * MS, THRESHOLD, 9, null); // wraps past Long.MAX_VALUE
        assertEquals(start, w.flaggedSince(9));
    }
}
