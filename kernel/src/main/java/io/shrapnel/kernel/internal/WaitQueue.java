package io.shrapnel.kernel.internal;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A first-in, first-out queue of {@link Waiter}s with O(1) removal from anywhere, for the wait
 * queues of blocking primitives. A waiter that gave up (timeout, interrupt) removes itself in its
 * {@code finally}, so the queue never holds stale entries for long and never grows without bound.
 *
 * <p>Threading: confined to the loop that owns the waiting coros.
 */
public final class WaitQueue {
    /**
     * What a primitive does when one of its waits ends other than by its own wake being taken.
     * Both run in the waiting coro, on its loop, after the waiter has left the queue.
     */
    public interface Exit {
        /** A wake reached the waiter, then it was cancelled before it ran: pass on what it was handed. */
        default void handedThenCancelled(Waiter w) {}

        /** The waiter left the queue unwoken (cancelled or timed out): those behind it may go now. */
        default void leftUnwoken(Waiter w) {}
    }

    /** Nothing to pass on, nobody held back. */
    public static final Exit PLAIN = new Exit() {};

    private Waiter head;
    private Waiter tail;
    private int size;

    /**
     * Puts {@code w} at the back. A waiter is in one queue at most, and always the same one: it has
     * no field naming its queue (a waiter is paid for by every parked coro), so {@link #remove} on
     * another queue than its own is a mistake this class cannot see.
     */
    public void add(Waiter w) {
        refuseQueued(w);
        w.prev = tail;
        w.next = null;
        if (tail == null) {
            head = w;
        } else {
            tail.next = w;
        }
        tail = w;
        size++;
    }

    /** Puts {@code w} at the front (it keeps its turn, e.g. after a failed hand-off). */
    public void addFirst(Waiter w) {
        refuseQueued(w);
        w.prev = null;
        w.next = head;
        if (head == null) {
            tail = w;
        } else {
            head.prev = w;
        }
        head = w;
        size++;
    }

    private void refuseQueued(Waiter w) {
        if (contains(w) || w.next != null) {
            throw new IllegalStateException(w + " is already in a wait queue");
        }
    }

    /** Parks the current coro at the back of this queue until woken; returns the wake's value. */
    public Object await(Object blocker) {
        return await(Waiter.begin(blocker), PLAIN);
    }

    /**
     * The one wait sequence of every primitive: queues {@code w} (just made by {@link Waiter#begin},
     * attached as the primitive needs) at the back, parks, and whatever happens leaves the queue;
     * an exception that ends the wait runs {@code exit} first (see {@link Exit}).
     *
     * @return the value given to {@link Waiter#wake}
     */
    public Object await(Waiter w, Exit exit) {
        add(w);
        return park(w, exit, null, null);
    }

    /** {@link #await(Waiter, Exit)} at the front of the queue (a waiter keeping its turn). */
    public Object awaitFirst(Waiter w, Exit exit) {
        addFirst(w);
        return park(w, exit, null, null);
    }

    /**
     * {@link #await(Object)} with a deadline on the loop's own timers.
     *
     * @return the wake's value, or {@code expired} if {@code timeout} passed first
     */
    public Object await(Object blocker, Duration timeout, Object expired) {
        return await(Waiter.begin(blocker), PLAIN, timeout, expired);
    }

    /** {@link #await(Waiter, Exit)} with a deadline: returns {@code expired} if {@code timeout} passed first. */
    public Object await(Waiter w, Exit exit, Duration timeout, Object expired) {
        add(w);
        return park(w, exit, timeout, expired);
    }

    private Object park(Waiter w, Exit exit, Duration timeout, Object expired) {
        Scheduler.Cancellable timer = timeout == null ? null
                : w.coro.scheduler().schedule(timeout, () -> w.expire(expired));
        try {
            return w.await();
        } catch (Throwable t) {
            boolean left = remove(w);
            if (w.wasHanded()) {
                exit.handedThenCancelled(w);
            } else if (left) {
                exit.leftUnwoken(w);
            }
            throw t;
        } finally {
            if (timer != null) {
                timer.cancel();
            }
            if (remove(w)) {
                exit.leftUnwoken(w); // a timed wait that expired
            }
        }
    }

    /** Removes {@code w} if it is in this queue; returns whether it was. */
    public boolean remove(Waiter w) {
        if (!contains(w)) {
            return false;
        }
        if (w.prev == null) {
            head = w.next;
        } else {
            w.prev.next = w.next;
        }
        if (w.next == null) {
            tail = w.prev;
        } else {
            w.next.prev = w.prev;
        }
        w.prev = null;
        w.next = null;
        size--;
        return true;
    }

    /** True if {@code w} is in this queue (given that it is in no other: see {@link #add}). */
    private boolean contains(Waiter w) {
        return w.prev != null || head == w;
    }

    public Waiter peek() {
        return head;
    }

    public Waiter poll() {
        Waiter w = head;
        if (w != null) {
            remove(w);
        }
        return w;
    }

    public boolean isEmpty() {
        return head == null;
    }

    public int size() {
        return size;
    }

    /** Wakes the first waiter that is still pending, dropping those that are not. */
    public Waiter wakeOne(Object value) {
        Waiter w;
        while ((w = poll()) != null) {
            if (w.wake(value)) {
                return w;
            }
        }
        return null;
    }

    /** Wakes every pending waiter; returns how many were woken. */
    public int wakeAll(Object value) {
        int n = 0;
        Waiter w;
        while ((w = poll()) != null) {
            if (w.wake(value)) {
                n++;
            }
        }
        return n;
    }

    /** Throws {@code error} in every pending waiter; returns how many there were. */
    public int failAll(Throwable error) {
        int n = 0;
        Waiter w;
        while ((w = poll()) != null) {
            if (w.fail(error)) {
                n++;
            }
        }
        return n;
    }

    /** How many waiters can still be woken (those that gave up and have not yet left are not counted). */
    public int countPending() {
        int n = 0;
        for (Waiter w = head; w != null; w = w.next) {
            if (w.isPending()) {
                n++;
            }
        }
        return n;
    }

    public void forEach(Consumer<Waiter> action) {
        for (Waiter w = head; w != null; w = w.next) {
            action.accept(w);
        }
    }

    /** The waiting coros, oldest first (for diagnostics). */
    public List<Coro> coros() {
        List<Coro> out = new ArrayList<>(size);
        forEach(w -> out.add(w.coro));
        return out;
    }
}
