package io.shrapnel.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The reconnect back-off on its own: its delays, their jitter and cap, and when it lets a try through. */
class BackoffTest {
    private static final long MS = 1_000_000L;

    /** The first instant at which {@code b} lets a try through, found by bisection over {@code [low, high]}. */
    private static long firstTry(Backoff b, long low, long high) {
        assertFalse(b.mayTry(low));
        assertTrue(b.mayTry(high));
        while (high - low > 1) {
            long mid = low + (high - low) / 2;
            if (b.mayTry(mid)) {
                high = mid;
            } else {
                low = mid;
            }
        }
        return high;
    }

    @Test
    void delaysDoubleFromOneTenthOfASecondUpToTenSeconds() {
        assertEquals(100 * MS, Backoff.delayNanos(1, 0));
        assertEquals(200 * MS, Backoff.delayNanos(2, 0));
        assertEquals(6_400 * MS, Backoff.delayNanos(7, 0));
        assertEquals(10_000 * MS, Backoff.delayNanos(8, 0));
        assertEquals(10_000 * MS, Backoff.delayNanos(29, 0));
        assertEquals(10_000 * MS, Backoff.delayNanos(30, 0));
        assertEquals(10_000 * MS, Backoff.delayNanos(64, 0), "no shift past the long's width");
        assertEquals(10_000 * MS, Backoff.delayNanos(Integer.MAX_VALUE, 0));
    }

    @Test
    void jitterSpreadsTheDelayByAFifthEitherWay() {
        assertEquals(120 * MS, Backoff.delayNanos(1, 0.2));
        assertEquals(80 * MS, Backoff.delayNanos(1, -0.2));
        assertEquals(12_000 * MS, Backoff.delayNanos(40, 0.2));
    }

    @Test
    void anyTimeIsFineBeforeAFailure() {
        Backoff b = new Backoff();
        assertTrue(b.mayTry(Long.MIN_VALUE));
        assertEquals(0, b.failures());
        assertEquals(0, b.waitMillis(0));
    }

    @Test
    void aFailureHoldsTriesBackForItsJitteredDelayToTheNanosecond() {
        long now = 5_000 * MS;
        Backoff b = new Backoff();
        b.failed(now);
        assertEquals(1, b.failures());
        long first = firstTry(b, now, now + 121 * MS);
        long delay = first - now;
        assertTrue(delay >= 80 * MS && delay < 120 * MS, "delay " + delay);
        assertFalse(b.mayTry(first - 1));
        assertTrue(b.mayTry(first));
        assertEquals(0, b.waitMillis(first));
        assertEquals(0, b.waitMillis(first + 5 * MS), "never a negative wait");
        assertEquals(2, b.waitMillis(first - 2 * MS));
        assertEquals(delay / MS, b.waitMillis(now));

        b.failed(first);
        assertEquals(2, b.failures());
        long second = firstTry(b, first, first + 241 * MS) - first;
        assertTrue(second >= 160 * MS && second < 240 * MS, "second delay " + second);
    }

    @Test
    void aSuccessStartsAgainFromNoFailure() {
        Backoff b = new Backoff();
        b.failed(0);
        b.failed(0);
        b.succeeded();
        assertEquals(0, b.failures());
        assertTrue(b.mayTry(Long.MIN_VALUE), "no wait after a success");
        b.failed(0);
        assertEquals(1, b.failures());
        long delay = firstTry(b, 0, 121 * MS);
        assertTrue(delay >= 80 * MS && delay < 120 * MS, "the first delay again: " + delay);
    }
}
