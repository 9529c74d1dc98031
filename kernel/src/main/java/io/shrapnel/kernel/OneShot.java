package io.shrapnel.kernel;

import io.shrapnel.kernel.internal.WaitQueue;
import java.time.Duration;

/**
 * A one-shot signal carrying a value: coros {@link #await()} it, one {@link #signal} releases them
 * all, and every later {@code await} returns the value at once (a settable future for one loop).
 *
 * <p>Threading: confined to one loop (the loop of its first user); see {@link Mutex}.
 * {@link #signal} may also be called from a task posted to that loop.
 *
 * @param <T> the value it carries
 */
public final class OneShot<T> {
    private static final Object EXPIRED = new Object();

    private final LoopConfinement confinement = new LoopConfinement(this);
    private final WaitQueue waiters = new WaitQueue();
    private boolean signalled;
    private T value;

    /** Signals with {@code value} and wakes every waiter; returns false (and changes nothing) if already signalled. */
    public boolean signal(T value) {
        confinement.check("signal");
        if (signalled) {
            return false;
        }
        signalled = true;
        this.value = value;
        waiters.wakeAll(null);
        return true;
    }

    /** Parks the current coro until signalled; returns the value. */
    public T await() {
        confinement.coro("await");
        if (!signalled) {
            waiters.await(this);
        }
        return value;
    }

    /** Parks until signalled or {@code timeout} has passed; returns whether it was signalled. */
    public boolean await(Duration timeout) {
        confinement.coro("await");
        if (signalled) {
            return true;
        }
        return waiters.await(this, timeout, EXPIRED) != EXPIRED;
    }

    public boolean isSignalled() {
        return signalled;
    }

    /** The value signalled, or null before the signal. */
    public T value() {
        return value;
    }

    /** Entries in the wait queue, counting waiters that gave up and have not left yet (for tests). */
    int queued() {
        return waiters.size();
    }

    @Override
    public String toString() {
        return "OneShot[" + (signalled ? "signalled: " + value : waiters.size() + " waiting") + "]";
    }
}
