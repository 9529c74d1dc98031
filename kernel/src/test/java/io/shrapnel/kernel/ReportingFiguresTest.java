package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The figures of latency warnings and durations, printed without the JDK's formatter. */
class ReportingFiguresTest {
    @Test
    void secondsWithThreeDecimalsRoundedHalfUp() {
        assertEquals("0.300", Reporting.thousandths(300_000_000L, 1_000_000_000L));
        assertEquals("0.300", Reporting.thousandths(299_999_999L, 1_000_000_000L));
        assertEquals("0.001", Reporting.thousandths(500_000L, 1_000_000_000L));
        assertEquals("0.000", Reporting.thousandths(499_999L, 1_000_000_000L));
        assertEquals("0.060", Reporting.thousandths(60_000_000L, 1_000_000_000L));
        assertEquals("1.235", Reporting.thousandths(1_234_567_890L, 1_000_000_000L));
        assertEquals("12.000", Reporting.thousandths(11_999_600_000L, 1_000_000_000L));
        assertEquals("0.000", Reporting.thousandths(0, 1_000_000_000L));
    }

    @Test
    void theSameAsPercentThreeFOverAnHour() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(509);
        for (int i = 0; i < 5_000; i++) {
            long nanos = random.nextLong(3_600_000_000_000L);
            assertEquals(String.format(Locale.ROOT, "%.3f", nanos / 1e9), Reporting.thousandths(nanos, 1_000_000_000L),
                    nanos + " ns");
        }
    }

    @Test
    void durationsPickTheirUnit() {
        assertEquals("0s", Reporting.formatDuration(Duration.ZERO));
        assertEquals("0s", Reporting.formatDuration(Duration.ofMillis(-5)));
        assertEquals("2s", Reporting.formatDuration(Duration.ofSeconds(2)));
        assertEquals("250ms", Reporting.formatDuration(Duration.ofMillis(250)));
        assertEquals("1.500ms", Reporting.formatDuration(Duration.ofNanos(1_500_000)));
        assertEquals("0.001ms", Reporting.formatDuration(Duration.ofNanos(1_000)));
    }
}
