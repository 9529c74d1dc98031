package io.shrapnel.kernel;

import io.shrapnel.kernel.internal.WaitQueue;
import java.time.Duration;

/**
 * A count-down latch for the coros of one loop, as {@code java.util.concurrent.CountDownLatch}:
 * {@link #await()} parks until the count has been counted down to zero; from then on it returns at
 * once. It cannot be reset (use an {@link InvertedSemaphore} for a count that goes up and down).
 *
 * <p>Threading: confined to one loop (the loop of its first user); see {@link Mutex}.
 * {@link #countDown()} may also be called from a task posted to that loop.
 */
public final class Latch {
    private static final Object EXPIRED = new Object();

    private final LoopConfinement confinement = new LoopConfinement(this);
    private final WaitQueue waiters = new WaitQueue();
    private long count;

    public Latch(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("a latch cannot count down from " + count);
        }
        this.count = count;
    }

    /** Counts down by one; at zero releases every waiter. Does nothing once the count is zero. */
    public void countDown() {
        confinement.check("countDown");
        if (count > 0 && --count == 0) {
            waiters.wakeAll(null);
        }
    }

    /** Parks the current coro until the count is zero. */
    public void await() {
        confinement.coro("await");
        if (count == 0) {
            return;
        }
        waiters.await(this);
    }

    /** Parks until the count is zero or {@code timeout} has passed; returns whether it reached zero. */
    public boolean await(Duration timeout) {
        confinement.coro("await");
        if (count == 0) {
            return true;
        }
        return waiters.await(this, timeout, EXPIRED) != EXPIRED;
    }

    public long count() {
        return count;
    }

    /** Entries in the wait queue, counting waiters that gave up and have not left yet (for tests). */
    int queued() {
        return waiters.size();
    }

    @Override
    public String toString() {
        return "Latch[count=" + count + ", " + waiters.size() + " waiting]";
    }
}
