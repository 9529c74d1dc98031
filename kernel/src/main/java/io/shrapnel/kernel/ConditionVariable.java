package io.shrapnel.kernel;

import io.shrapnel.kernel.internal.WaitQueue;
import io.shrapnel.kernel.internal.Waiter;

/**
 * A place where coros wait until another coro tells them something happened, and what.
 *
 * <pre>{@code
 * ConditionVariable<String> ready = new ConditionVariable<>();
 * Coro.spawn(() -> System.out.println("got " + ready.await()));
 * ready.wakeOne("go");
 * }</pre>
 *
 * <p>{@link #await()} returns the value given to the wake. Waiters are woken first in, first out.
 * A waiter woken by {@link #wakeOne}/{@link #wakeN} that is interrupted, shut down or times out
 * before it runs passes its wake (and value) on to the next waiter, so "wake one" always reaches one
 * waiter that can act on it if there is any. There is no associated lock: the coros of one loop
 * run one at a time, so the state a waiter checks cannot change between the check and the wait.
 *
 * <p>Threading: confined to one loop (the loop of its first user); see {@link Mutex}. The wake
 * methods may also be called from a task posted to that loop.
 *
 * @param <T> what a wake carries to the waiters
 */
public final class ConditionVariable<T> {
    /** Attached to a waiter woken by wakeOne/wakeN: what it must pass on if it cannot take it. */
    private record Wake(Object value) {}

    private final LoopConfinement confinement = new LoopConfinement(this);
    private final WaitQueue waiters = new WaitQueue();

    /** Parks the current coro until a wake; returns the wake's value (null from {@link #wakeOne()}). */
    @SuppressWarnings("unchecked")
    public T await() {
        confinement.coro("await");
        return (T) waiters.await(Waiter.begin(this), exit);
    }

    /** Woken by wakeOne, then cancelled before it ran: the wake goes to the next waiter. */
    private final WaitQueue.Exit exit = new WaitQueue.Exit() {
        @Override
        public void handedThenCancelled(Waiter w) {
            if (w.attachment() instanceof Wake wake) {
                passOn(wake.value);
            }
        }
    };

    /** Wakes the first waiter with null; returns whether there was one. */
    public boolean wakeOne() {
        return wakeOne(null);
    }

    /** Wakes the first waiter that can still run with {@code value}; returns whether there was one. */
    public boolean wakeOne(T value) {
        confinement.check("wakeOne");
        return passOn(value);
    }

    private boolean passOn(Object value) {
        Waiter w;
        while ((w = waiters.poll()) != null) {
            if (w.isPending()) {
                w.attach(new Wake(value));
                w.wake(value);
                return true;
            }
        }
        return false;
    }

    /** Wakes every waiter with null; returns how many were woken. */
    public int wakeAll() {
        return wakeAll(null);
    }

    /** Wakes every waiter with {@code value}; returns how many were woken. */
    public int wakeAll(T value) {
        confinement.check("wakeAll");
        return waiters.wakeAll(value);
    }

    /** Wakes up to {@code n} waiters, first in first out, with {@code value}; returns how many. */
    public int wakeN(int n, T value) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot wake " + n + " waiters");
        }
        confinement.check("wakeN");
        int woken = 0;
        while (woken < n && passOn(value)) {
            woken++;
        }
        return woken;
    }

    /** Throws {@code error} in every waiter (for example a {@link ClosedError}); returns how many. */
    public int raiseAll(Throwable error) {
        confinement.check("raiseAll");
        return waiters.failAll(error);
    }

    /** How many coros wait (those that gave up and have not run yet are not counted). */
    public int size() {
        return waiters.countPending();
    }

    /** Entries in the wait queue, counting waiters that gave up and have not left yet (for tests). */
    int queued() {
        return waiters.size();
    }

    @Override
    public String toString() {
        return "ConditionVariable[" + waiters.size() + " waiting]";
    }
}
