package io.shrapnel.kernel.testing;

import io.shrapnel.kernel.Clock;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A virtual clock for deterministic tests. Time stands still while coros run; when the loop has
 * nothing runnable, no I/O ready and no message from another thread, it jumps straight to the next
 * timer instead of sleeping. A test of a 30-second timeout takes microseconds and fires exactly on
 * time. A coro may also {@link #advance} the clock itself, e.g. to simulate a slow computation.
 *
 * <p>Give it to one loop: {@code Scheduler.create("test", new TestClock())}, or use
 * {@link TestLoop#virtualTime()}.
 *
 * <p>Threading: any thread may read; the loop and tests advance it.
 */
public final class TestClock implements Clock {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Override
    public long nanoTime() {
        return now.get();
    }

    public void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("time only moves forward: " + d);
        }
        now.addAndGet(d.toNanos());
    }

    /** Moves to {@code deadline} if it is later than now (the loop does this when it would sleep). */
    public void advanceTo(long deadline) {
        now.accumulateAndGet(deadline, (cur, d) -> d - cur > 0 ? d : cur);
    }
}
