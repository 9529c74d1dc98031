package io.shrapnel.kernel;

import io.shrapnel.kernel.testing.TestClock;
/**
 * The time source of a loop: sleeps, timeouts and latency warnings read it. {@link #system()} is
 * {@link System#nanoTime()}; a {@link TestClock} makes timeout tests instant and exact.
 */
public interface Clock {
    /** Monotonic nanoseconds; only differences are meaningful. */
    long nanoTime();

    static Clock system() {
        return SystemClock.INSTANCE;
    }

    /** {@link System#nanoTime()}. */
    enum SystemClock implements Clock {
        INSTANCE;

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }
    }
}
