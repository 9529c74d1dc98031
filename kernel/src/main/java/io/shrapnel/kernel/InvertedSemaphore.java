package io.shrapnel.kernel;

import io.shrapnel.kernel.internal.WaitQueue;

/**
 * A counter that coros wait on until it comes down to zero: each piece of outstanding work
 * {@link #acquire}s, each finished piece {@link #release}s, and {@link #blockTillZero()} parks until
 * nothing is outstanding. Neither {@code acquire} nor {@code release} ever parks.
 *
 * <p>When the count reaches zero every waiter is woken, even if the count goes up again before they
 * run: a waiter learns that zero was reached, not that the count is zero now.
 *
 * <p>Threading: confined to one loop (the loop of its first user); see {@link Mutex}.
 * {@code acquire} and {@code release} may also be called from a task posted to that loop.
 */
public final class InvertedSemaphore {
    private final LoopConfinement confinement = new LoopConfinement(this);
    private final WaitQueue waiters = new WaitQueue();
    private long value;

    public InvertedSemaphore() {
        this(0);
    }

    public InvertedSemaphore(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("an inverted semaphore cannot start at " + value);
        }
        this.value = value;
    }

    public void acquire() {
        acquire(1);
    }

    /** Raises the count by {@code n}. */
    public void acquire(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot acquire " + n + "; release instead");
        }
        confinement.check("acquire");
        value = Math.addExact(value, n);
    }

    public void release() {
        release(1);
    }

    /**
     * Lowers the count by {@code n}; at zero wakes every waiter.
     *
     * @throws IllegalStateException if that would take the count below zero (more releases than acquires)
     */
    public void release(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot release " + n + "; acquire instead");
        }
        confinement.check("release");
        if (n > value) {
            throw new IllegalStateException("release(" + n + ") with a count of " + value
                    + ": every release must match an earlier acquire");
        }
        value -= n;
        if (value == 0) {
            waiters.wakeAll(null);
        }
    }

    /** Parks the current coro until the count is zero (returns at once if it is). */
    public void blockTillZero() {
        confinement.coro("blockTillZero");
        if (value == 0) {
            return;
        }
        waiters.await(this);
    }

    public long value() {
        return value;
    }

    /** How many coros wait for zero. */
    public int waiting() {
        return waiters.countPending();
    }

    /** Entries in the wait queue, counting waiters that gave up and have not left yet (for tests). */
    int queued() {
        return waiters.size();
    }

    @Override
    public String toString() {
        return "InvertedSemaphore[" + value + ", " + waiters.size() + " waiting]";
    }
}
