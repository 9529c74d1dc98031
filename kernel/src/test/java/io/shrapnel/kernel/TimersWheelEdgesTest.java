package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The timing wheel's limits and the wrap-around of its next check, on wheels small enough to count. */
class TimersWheelEdgesTest {
    @Test
    void aWheelNeedsAPowerOfTwoBucketsAndAShiftFrom0To40() {
        new Timers(0, 1);
        new Timers(40, 64);
        new Timers(20, 128);
        assertThrows(IllegalArgumentException.class, () -> new Timers(-1, 64));
        assertThrows(IllegalArgumentException.class, () -> new Timers(41, 64));
        assertThrows(IllegalArgumentException.class, () -> new Timers(20, 0));
        assertThrows(IllegalArgumentException.class, () -> new Timers(20, 96));
    }

    @Test
    void theNextCheckWrapsAroundTheWheelToABucketBehindTheHorizon() {
        Timers timers = new Timers(0, 8); // buckets of 1 ns, a turn of 8 ns
        timers.pollDue(5); // horizon 6: the current bucket is 6
        NamedTimer t = new NamedTimer(1);
        timers.add(t, 17); // 11 ns away: bucket 1, behind bucket 6 in this turn of the wheel
        assertEquals(9, timers.nextCheck(), "bucket 1's start in the turn after the horizon");
        assertEquals(null, timers.pollDue(16));
        assertSame(t, timers.pollDue(17));
    }

    @Test
    void theNextCheckFindsABucketInALaterWordOfTheBitmap() {
        Timers timers = new Timers(0, 256); // four 64-bit words of bucket bits
        timers.pollDue(9); // horizon 10
        NamedTimer t = new NamedTimer(1);
        timers.add(t, 10 + 200); // bucket 210, in the bitmap's fourth word
        assertEquals(210, timers.nextCheck());
        assertSame(t, timers.pollDue(210));
    }
}
