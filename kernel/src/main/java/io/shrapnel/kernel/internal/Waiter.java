package io.shrapnel.kernel.internal;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;

/**
 * One wait of one coro: the building block of every blocking primitive (mutexes, fifos, mailboxes,
 * the poller). For library authors; applications use the primitives.
 *
 * <p>A primitive waits through its {@link WaitQueue}, which owns the one wait sequence (queue,
 * park, always leave the queue, pass on a hand-off that reached a cancelled waiter):
 *
 * <pre>{@code
 * waiters.await(Waiter.begin(this), exit);   // returns the value given to wake, or throws
 * }</pre>
 *
 * <p>A waiter is valid for exactly one wait: once it has been woken, or its coro was interrupted,
 * timed out or shut down, {@link #wake} returns false. That is what makes a late or duplicate wake
 * harmless and lets a waker skip waiters that gave up: "wake the first waiter that can still run" is
 * a loop over {@code wake} until it returns true.
 *
 * <p>Threading: {@link #begin} and {@link #await} run in the waiting coro. {@link #wake} and
 * {@link #fail} must run on the loop that owns the coro; from any other thread use
 * {@link #wakeFromAnyThread} / {@link #failFromAnyThread}, which post the wake to that loop.
 * The intrusive links belong to the one {@link WaitQueue} the waiter is in.
 */
public final class Waiter {
    private static final CoroAccess ACCESS = CoroAccess.get();

    final Coro coro;
    final int generation;
    private Object attachment;

    // Links of the WaitQueue this waiter is in (both null, and not the queue's head, when in none).
    // Whether a wake reached this wait is kept in the coro (see wasHanded): a waiter is paid for once
    // per parked coro, so it holds only what no coro field can (32 bytes).
    Waiter prev;
    Waiter next;

    Waiter(Coro coro, int generation) {
        this.coro = coro;
        this.generation = generation;
    }

    /**
     * Puts the current coro into the waiting state, waiting on {@code blocker} (shown by
     * {@code whereAll} and {@code eventMap}). If an exception was raised into the coro while it
     * was running, it is thrown here and the coro does not wait.
     *
     * @throws IllegalStateException when called outside a coro
     */
    public static Waiter begin(Object blocker) {
        Coro c = ACCESS.require("wait");
        return new Waiter(c, ACCESS.beginWait(c, blocker));
    }

    /** {@link #begin(Object)} for a caller that has the current coro at hand (one lookup fewer). */
    public static Waiter begin(Coro current, Object blocker) {
        return new Waiter(current, ACCESS.beginWait(current, blocker));
    }

    /** The wait number of this wait (for {@link #abandon}). */
    public int generation() {
        return generation;
    }

    /** Ends a wait that was begun but that nobody can wake (its waker could not be registered). */
    public void abandon() {
        ACCESS.abandonWait(coro, generation);
    }

    /** Parks until woken; returns the value given to {@link #wake}, or throws what was raised. */
    public Object await() {
        return ACCESS.park(coro, generation);
    }

    /**
     * Wakes the coro with {@code value} if this wait is still pending. Loop thread only.
     *
     * @return false if the wait is already over (woken, interrupted, timed out), so the caller can
     *     offer what it had to the next waiter
     */
    public boolean wake(Object value) {
        return ACCESS.handOff(coro, generation, value);
    }

    /** Ends a timed wait with {@code value} (a timer's expiry, not a hand-off). Loop thread only. */
    boolean expire(Object value) {
        return ACCESS.wake(coro, generation, value);
    }

    /**
     * True if a {@link #wake} reached this wait. Seen after the wait ended by an exception, it means
     * the coro was handed something (ownership, units, a value) and then cancelled before it ran.
     * Answers for this wait until the coro begins its next one (then false).
     */
    public boolean wasHanded() {
        return ACCESS.wasHanded(coro, generation);
    }

    /** Ends the wait by throwing {@code error} in the coro, if still pending. Loop thread only. */
    public boolean fail(Throwable error) {
        return ACCESS.wakeWithException(coro, generation, error);
    }

    /** {@link #wake} from any thread: runs at once on the coro's loop, else is posted to it. */
    public void wakeFromAnyThread(Object value) {
        Scheduler s = coro.scheduler();
        if (s.inLoop()) {
            wake(value);
        } else {
            s.post(() -> wake(value));
        }
    }

    /** {@link #fail} from any thread. */
    public void failFromAnyThread(Throwable error) {
        Scheduler s = coro.scheduler();
        if (s.inLoop()) {
            fail(error);
        } else {
            s.post(() -> fail(error));
        }
    }

    /** True while the coro is still waiting in this wait. Loop thread only. */
    public boolean isPending() {
        return ACCESS.isWaiting(coro, generation);
    }

    public Coro coro() {
        return coro;
    }

    /** Whatever the primitive needs to remember about this waiter (units asked for, a message...). */
    public Object attachment() {
        return attachment;
    }

    public Waiter attach(Object value) {
        this.attachment = value;
        return this;
    }

    @Override
    public String toString() {
        return "Waiter[" + coro + " wait#" + generation + (isPendingRacy() ? "" : " over") + "]";
    }

    private boolean isPendingRacy() {
        return ACCESS.isWaiting(coro, generation);
    }
}
