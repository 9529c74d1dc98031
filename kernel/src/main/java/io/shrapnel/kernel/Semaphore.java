package io.shrapnel.kernel;

import io.shrapnel.kernel.internal.WaitQueue;
import io.shrapnel.kernel.internal.Waiter;

/**
 * A counting semaphore for the coros of one loop: a number of units that coros take and give back.
 *
 * <p>{@link #acquire(int) acquire(k)} parks until {@code k} units are free. Waiters are served in
 * arrival order: {@link #release(int)} grants units to the waiters at the front of the queue while
 * there are enough for the first of them, and a large request at the front is not overtaken by
 * smaller ones behind it. Units granted to a waiter that is interrupted, shut down or times out
 * before it runs are given back and go to the next waiters, so none are lost.
 *
 * <p>Threading: confined to one loop (the loop of its first user); see {@link Mutex}.
 * {@link #release} may also be called from a task posted to that loop.
 */
public final class Semaphore {
    /** Attached to a waiter once its units are taken out of {@link #available} for it. */

    private final LoopConfinement confinement = new LoopConfinement(this);
    private final WaitQueue waiters = new WaitQueue();
    private int available;

    public Semaphore(int units) {
        if (units < 0) {
            throw new IllegalArgumentException("a semaphore cannot start with " + units + " units");
        }
        this.available = units;
    }

    public void acquire() {
        acquire(1);
    }

    /** Takes {@code units} units, parking the current coro until they are free and its turn has come. */
    public void acquire(int units) {
        if (units < 0) {
            throw new IllegalArgumentException("cannot acquire " + units + " units");
        }
        confinement.coro("acquire");
        if (units <= available && waiters.isEmpty()) {
            available -= units;
            return;
        }
        waiters.await(Waiter.begin(this).attach(units), exit);
    }

    private final WaitQueue.Exit exit = new WaitQueue.Exit() {
        @Override
        public void handedThenCancelled(Waiter w) {
            // Granted, then interrupted before we ran: give the units to whoever is next.
            available += (Integer) w.attachment();
            grant();
        }

        @Override
        public void leftUnwoken(Waiter w) {
            grant(); // we may have been the large request that held the others back
        }
    };

    /** Takes {@code units} units if they are free now and nobody waits before us; never parks. */
    public boolean tryAcquire(int units) {
        if (units < 0) {
            throw new IllegalArgumentException("cannot acquire " + units + " units");
        }
        confinement.check("tryAcquire");
        if (units <= available && waiters.countPending() == 0) {
            available -= units;
            return true;
        }
        return false;
    }

    public void release() {
        release(1);
    }

    /** Gives back {@code units} units and wakes the waiters they are enough for, in order. */
    public void release(int units) {
        if (units < 0) {
            throw new IllegalArgumentException("cannot release " + units + " units");
        }
        confinement.check("release");
        available = Math.addExact(available, units);
        grant();
    }

    private void grant() {
        Waiter w;
        while ((w = waiters.peek()) != null) {
            if (!w.isPending()) {
                waiters.poll(); // gave up; it removes nothing else when it runs
                continue;
            }
            int want = (Integer) w.attachment();
            if (want > available) {
                return;
            }
            waiters.poll();
            available -= want;
            w.wake(null);
        }
    }

    /** The units free now. */
    public int available() {
        return available;
    }

    /** How many coros wait for units. */
    public int waiting() {
        return waiters.countPending();
    }

    /** Entries in the wait queue, counting waiters that gave up and have not left yet (for tests). */
    int queued() {
        return waiters.size();
    }

    @Override
    public String toString() {
        return "Semaphore[" + available + " available, " + waiters.size() + " waiting]";
    }
}
