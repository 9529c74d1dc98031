package io.shrapnel.kernel;

import io.shrapnel.kernel.internal.WaitQueue;
import io.shrapnel.kernel.internal.Waiter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * An unbounded first-in, first-out queue between the coros of one loop; {@link #pop()} parks while
 * it is empty.
 *
 * <p>The writer coro of the original: one coro owns a connection's output and drains a fifo into
 * it, the others push; a sentinel pushed last ends it.
 * <pre>{@code
 * Fifo<Object> out = new Fifo<>();
 * Coro writer = Coro.spawn("writer", () -> {
 *     for (Object frame; (frame = out.pop()) != CLOSE; ) {
 *         channel.write((ByteBuffer) frame);
 *     }
 * });
 * out.push(frame1); out.push(frame2); out.push(CLOSE);
 * }</pre>
 *
 * <p>Items never go to a waiter directly: a push appends and wakes the first waiting popper, which
 * takes the head when it runs. A popper woken for an item it then cannot take (it was interrupted,
 * shut down or timed out first) wakes the next popper, so no item is left with poppers parked.
 * A popper that finds the item taken by a coro that ran first keeps its place at the front.
 * Pushes that happen while the consumer is already scheduled cost no wake at all, so a busy
 * producer hands items over in batches.
 *
 * <p>Threading: confined to one loop (the loop of its first user); see {@link Mutex}. Non-parking
 * methods ({@code push}, {@code pushFront}, {@code top}, size, iteration) may also be called from a
 * task posted to that loop, which is how other threads feed a fifo: {@code loop.post(() -> fifo.push(x))}.
 *
 * @param <T> the items; null is not an item (use a sentinel object)
 */
public final class Fifo<T> implements Iterable<T> {
    private final LoopConfinement confinement = new LoopConfinement(this);
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private final WaitQueue poppers = new WaitQueue();

    public Fifo() {}

    /** A fifo bound to {@code loop} from the start (for feeds from other threads through posts). */
    Fifo(Scheduler loop) {
        confinement.bind(loop, "create", "its creator");
    }

    /** Appends {@code item} and wakes the first waiting popper. */
    public void push(T item) {
        confinement.check("push");
        items.addLast(Objects.requireNonNull(item, "a fifo holds no nulls; push a sentinel object instead"));
        if (!poppers.isEmpty()) {
            poppers.wakeOne(null);
        }
    }

    /** Puts {@code item} at the head (it is popped next) and wakes the first waiting popper. */
    public void pushFront(T item) {
        confinement.check("pushFront");
        items.addFirst(Objects.requireNonNull(item, "a fifo holds no nulls; push a sentinel object instead"));
        if (!poppers.isEmpty()) {
            poppers.wakeOne(null);
        }
    }

    /** Removes and returns the head, parking the current coro while the fifo is empty. */
    public T pop() {
        Coro me = confinement.coro("pop");
        T item = items.pollFirst();
        if (item != null) {
            return item;
        }
        awaitItem(me);
        return items.pollFirst();
    }

    /** Removes and returns every item, oldest first, parking the current coro while the fifo is empty. */
    public List<T> popAll() {
        Coro me = confinement.coro("popAll");
        if (items.isEmpty()) {
            awaitItem(me);
        }
        List<T> all = new ArrayList<>(items);
        items.clear();
        return all;
    }

    /** Woken by a push, then cancelled before it ran: the item is still there for the next popper. */
    private final WaitQueue.Exit passOn = new WaitQueue.Exit() {
        @Override
        public void handedThenCancelled(Waiter w) {
            if (!items.isEmpty()) {
                poppers.wakeOne(null);
            }
        }
    };

    /** Parks until the fifo is not empty, keeping this coro's place among the poppers. */
    private void awaitItem(Coro me) {
        boolean woken = false;
        while (items.isEmpty()) {
            Waiter w = Waiter.begin(me, this); // without a second lookup of me
            if (woken) {
                poppers.awaitFirst(w, passOn); // someone else took "our" item; we stay first in line
            } else {
                poppers.await(w, passOn);
            }
            woken = true;
        }
    }

    /** The head, without removing it. @throws NoSuchElementException if the fifo is empty */
    public T top() {
        confinement.check("top");
        T t = items.peekFirst();
        if (t == null) {
            throw new NoSuchElementException("the fifo is empty");
        }
        return t;
    }

    public int size() {
        return items.size();
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    /** How many coros wait in {@link #pop()}/{@link #popAll()}. */
    public int waiting() {
        return poppers.countPending();
    }

    /** The items, head first, read-only (do not park while iterating: pushes and pops would interleave). */
    @Override
    public Iterator<T> iterator() {
        confinement.check("iterator");
        return Collections.unmodifiableCollection(items).iterator();
    }

    /** Entries in the wait queue, counting waiters that gave up and have not left yet (for tests). */
    int queued() {
        return poppers.size();
    }

    @Override
    public String toString() {
        return "Fifo[" + items.size() + " items, " + poppers.size() + " waiting]";
    }
}
