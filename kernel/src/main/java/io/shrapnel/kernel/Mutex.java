package io.shrapnel.kernel;

import io.shrapnel.kernel.internal.WaitQueue;
import io.shrapnel.kernel.internal.Waiter;

/**
 * A re-entrant mutual-exclusion lock for the coros of one loop.
 *
 * <pre>{@code
 * try (Mutex.Hold held = mutex.lock()) {
 *     ... // one coro at a time; may park inside (sleep, I/O) while holding it
 * }
 * }</pre>
 *
 * <p>The owner may lock again; it must unlock as many times. {@link #unlock()} hands ownership
 * straight to the first waiter that can still run (no barging: a coro that unlocks and locks at
 * once queues behind the waiters). If that waiter is interrupted, shut down or times out before it
 * runs, it passes ownership on to the next. Waiters are served first in, first out.
 *
 * <p>Unlike a {@code ReentrantLock}, a waiting coro parks on its loop and a hand-off costs one
 * coro switch, not a trip through the JDK's scheduler.
 *
 * <p>Threading: confined to one loop, the loop of the first coro that uses it; using it from a
 * coro of another loop fails with {@link IllegalStateException}. {@link #isLocked()},
 * {@link #hasLock(Coro)} and {@link #toString()} may be read racily from anywhere for diagnostics.
 */
public final class Mutex {
    /** What {@link #lock()} returns, for try-with-resources; closing it unlocks once. */
    @FunctionalInterface
    public interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    private final LoopConfinement confinement = new LoopConfinement(this);
    private final WaitQueue waiters = new WaitQueue();
    private final Hold hold = this::unlock;
    // Invariant: holds == 0 iff owner == null; no waiter in the queue is pending while holds == 0.
    private Coro owner;
    private int holds;
    /** Handed the mutex, then interrupted before it ran: the next waiter gets it. */
    private final WaitQueue.Exit handOn = new WaitQueue.Exit() {
        @Override
        public void handedThenCancelled(Waiter w) {
            release();
        }
    };

    /**
     * Locks the mutex, parking the current coro while another coro owns it.
     *
     * @return a {@link Hold} whose {@code close()} unlocks (the same object every time)
     */
    public Hold lock() {
        Coro me = confinement.coro("lock");
        if (holds == 0 || owner == me) {
            owner = me;
            holds++;
            return hold;
        }
        waiters.await(Waiter.begin(this), handOn); // unlock() made us the owner before waking us
        assert owner == me : "woken without ownership";
        return hold;
    }

    /** Locks the mutex if no other coro owns it; never parks. Returns whether it is now held. */
    public boolean tryLock() {
        Coro me = confinement.coro("tryLock");
        if (holds == 0 || owner == me) {
            owner = me;
            holds++;
            return true;
        }
        return false;
    }

    /**
     * Unlocks once; on the last unlock hands the mutex to the first waiter that can still run.
     *
     * @return true if a waiter now owns the mutex
     * @throws IllegalStateException if the current coro does not own the mutex
     */
    public boolean unlock() {
        Coro me = confinement.coro("unlock");
        if (owner != me) {
            throw new IllegalStateException(me + " unlocked a mutex it does not own (owner: "
                    + (owner == null ? "nobody" : owner) + "); only the coro that locked it may unlock it. "
                    + "Use try (Mutex.Hold h = mutex.lock()) { ... } to pair them.");
        }
        if (--holds > 0) {
            return false;
        }
        return release();
    }

    private boolean release() {
        owner = null;
        holds = 0;
        Waiter next = waiters.wakeOne(null);
        if (next == null) {
            return false;
        }
        owner = next.coro();
        holds = 1;
        return true;
    }

    public boolean isLocked() {
        return holds > 0;
    }

    /** True if the current coro owns the mutex. */
    public boolean hasLock() {
        Coro c = Coro.current();
        return c != null && owner == c;
    }

    public boolean hasLock(Coro coro) {
        return coro != null && owner == coro;
    }

    /** The owning coro, or null. */
    public Coro owner() {
        return owner;
    }

    /** How many times the owner has locked it (0 when unlocked). */
    public int holdCount() {
        return holds;
    }

    /** How many coros wait for it (those that gave up and have not run yet are not counted). */
    public int waiting() {
        return waiters.countPending();
    }

    /** Entries in the wait queue, counting waiters that gave up and have not left yet (for tests). */
    int queued() {
        return waiters.size();
    }

    @Override
    public String toString() {
        Coro o = owner;
        return "Mutex[" + (o == null ? "unlocked" : "owner=" + o + " holds=" + holds) + ", "
                + waiters.size() + " waiting]";
    }
}
