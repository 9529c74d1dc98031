package io.shrapnel.dashboard.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SeriesRingTest {
    @Test
    void keepsTheLastCapacitySamplesOldestFirst() {
        SeriesRing r = new SeriesRing(3);
        assertEquals(0, r.size());
        for (int i = 1; i <= 5; i++) {
            r.add(i * 1000L, Map.of("a", (double) i));
        }
        assertEquals(3, r.size());
        assertEquals(3, r.capacity());
        assertArrayEquals(new long[] {3000, 4000, 5000}, r.times());
        assertArrayEquals(new double[] {3, 4, 5}, r.values("a"));
    }

    @Test
    void aSeriesMissingFromASampleHasAGapThere() {
        SeriesRing r = new SeriesRing(4);
        r.add(1, Map.of("a", 1.0, "b", 10.0));
        r.add(2, Map.of("a", 2.0));
        r.add(3, Map.of("a", 3.0, "b", 30.0, "c", 300.0));
        assertArrayEquals(new double[] {10, Double.NaN, 30}, r.values("b"));
        assertArrayEquals(new double[] {Double.NaN, Double.NaN, 300}, r.values("c"), "a new series starts with gaps");
        assertNull(r.values("nothing"));
        assertEquals(Set.of("a", "b", "c"), Set.copyOf(r.keys()));
    }

    @Test
    void aSeriesGoneForAWholeRingIsDropped() {
        SeriesRing r = new SeriesRing(3);
        r.add(1, Map.of("a", 1.0, "gone", 1.0));
        r.add(2, Map.of("a", 2.0));
        r.add(3, Map.of("a", 3.0));
        assertEquals(Set.of("a", "gone"), r.keys(), "still within the ring: its first value is shown");
        r.add(4, Map.of("a", 4.0));
        assertEquals(Set.of("a"), r.keys());
    }

    @Test
    void aSeriesSeenLaterIsKeptAWholeRingFromThen() {
        SeriesRing r = new SeriesRing(3);
        r.add(1, Map.of("a", 1.0));
        r.add(2, Map.of("a", 2.0, "late", 2.0));
        r.add(3, Map.of("a", 3.0));
        r.add(4, Map.of("a", 4.0));
        assertEquals(Set.of("a", "late"), r.keys());
        assertArrayEquals(new double[] {2, Double.NaN, Double.NaN}, r.values("late"));
        r.add(5, Map.of("a", 5.0));
        assertEquals(Set.of("a"), r.keys());
    }

    @Test
    void itsJsonHasTheTimesAndEverySeriesWithGapsAsNull() {
        SeriesRing r = new SeriesRing(2);
        r.add(1000, Map.of("a", 1.5));
        r.add(2000, Map.of("b", 2.0));
        Json j = new Json();
        r.writeJson(j);
        assertEquals("{\"t\":[1000,2000],\"series\":{\"a\":[1.5,null],\"b\":[null,2]}}", j.toString());
    }

    @Test
    void aRingHoldsAtLeastOneSample() {
        assertThrows(IllegalArgumentException.class, () -> new SeriesRing(0));
        SeriesRing one = new SeriesRing(1);
        one.add(5, Map.of("x", 1.0));
        one.add(6, Map.of("x", 2.0));
        assertArrayEquals(new long[] {6}, one.times());
        assertArrayEquals(new double[] {2}, one.values("x"));
    }

    @Property(tries = 200)
    void whateverIsAddedTheRingShowsTheLastSamplesInOrder(@ForAll @IntRange(min = 1, max = 20) int capacity,
                                                          @ForAll @IntRange(min = 0, max = 60) int samples) {
        SeriesRing r = new SeriesRing(capacity);
        for (int i = 0; i < samples; i++) {
            r.add(i, Map.of("v", (double) i));
        }
        int held = Math.min(capacity, samples);
        assertEquals(held, r.size());
        long[] t = r.times();
        for (int i = 0; i < held; i++) {
            assertEquals(samples - held + i, t[i]);
            if (held > 0) {
                assertEquals(samples - held + i, r.values("v")[i]);
            }
        }
    }
}
