package io.shrapnel.mailbox.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailuresTest {
    private static StackTraceElement frame(String cls, String method, int line) {
        return new StackTraceElement(cls, method, cls + ".java", line);
    }

    @Test
    void aFailureIsTheExceptionAndItsThreeInnermostFrames() {
        IllegalStateException e = new IllegalStateException("boom");
        e.setStackTrace(new StackTraceElement[] {
            frame("a.b.Inner", "run", 10), frame("a.b.Middle", "call", 20), frame("Outer", "main", 30),
            frame("a.b.Fourth", "never", 40)});
        assertEquals("java.lang.IllegalStateException: boom at Inner.run:10 < Middle.call:20 < Outer.main:30",
                Failures.compact(e));
    }

    @Test
    void aShortStackIsPrintedWhole() {
        IllegalStateException e = new IllegalStateException("boom");
        e.setStackTrace(new StackTraceElement[] {frame("x.Only", "one", 1)});
        assertEquals("java.lang.IllegalStateException: boom at Only.one:1", Failures.compact(e));
        e.setStackTrace(new StackTraceElement[0]);
        assertEquals("java.lang.IllegalStateException: boom", Failures.compact(e));
    }

    @Test
    void theCauseIsNamed() {
        IllegalStateException e = new IllegalStateException("outer", new ArithmeticException("inner"));
        e.setStackTrace(new StackTraceElement[0]);
        assertEquals("java.lang.IllegalStateException: outer caused by java.lang.ArithmeticException: inner",
                Failures.compact(e));
    }

    @Test
    void durationsBecomeNanosecondsWithNegativeAsZeroAndACenturyAtMost() {
        assertEquals(1_500_000_000L, Mailbox.nanos(Duration.ofMillis(1500)));
        assertEquals(7L, Mailbox.nanos(Duration.ofNanos(7)));
        assertEquals(0L, Mailbox.nanos(Duration.ZERO));
        assertEquals(0L, Mailbox.nanos(Duration.ofMillis(-1)));
        long cap = (1L << 32) * 1_000_000_000L;
        assertEquals(cap, Mailbox.nanos(Duration.ofSeconds(1L << 32)));
        assertEquals(cap + 5, Mailbox.nanos(Duration.ofSeconds(Long.MAX_VALUE, 5)));
    }
}
