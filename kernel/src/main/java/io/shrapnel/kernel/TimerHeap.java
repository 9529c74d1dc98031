package io.shrapnel.kernel;

import java.util.Arrays;

/**
 * A 4-ary min-heap of {@link Timer}s ordered by deadline then insertion order, with each timer
 * knowing its own index so that cancelling is O(log n) and leaves nothing behind. Most timeouts are
 * cancelled before they fire, so cancel must be as cheap as add.
 *
 * <p>Built for a million timers: the deadlines are kept in an array beside the timers, so that
 * sifting compares neighbouring longs instead of visiting timer objects scattered over the heap, and
 * four children per node halve the depth of a binary heap. Only a timer that moves is touched (to
 * update its index); equal deadlines (common in virtual time) fall back to the timers' sequence.
 *
 * <p>In a loop it holds only the timers due soon; {@link Timers} keeps the far ones in a wheel.
 *
 * <p>Threading: confined to its scheduler's loop thread.
 */
final class TimerHeap {
    private Timer[] timers = new Timer[64];
    private long[] deadlines = new long[64];
    private int size;
    private long nextSequence;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The earliest timer, or null. */
    Timer peek() {
        return size == 0 ? null : timers[0];
    }

    void add(Timer t, long deadline) {
        if (t.index != -1) {
            throw new IllegalStateException("timer already queued: " + t.describe());
        }
        t.deadline = deadline;
        t.sequence = nextSequence++;
        insert(t);
    }

    /** Queues {@code t} with the deadline and sequence it already has ({@link Timers} numbers them). */
    void insert(Timer t) {
        if (size == timers.length) {
            timers = Arrays.copyOf(timers, size * 2);
            deadlines = Arrays.copyOf(deadlines, size * 2);
        }
        siftUp(size++, t, t.deadline);
    }

    /** Removes {@code t} if queued; returns whether it was. */
    boolean remove(Timer t) {
        int i = t.index;
        if (i < 0) {
            return false;
        }
        t.index = -1;
        int last = --size;
        Timer moved = timers[last];
        long movedDeadline = deadlines[last];
        timers[last] = null;
        if (i != last) {
            if (i > 0 && before(moved, movedDeadline, (i - 1) >>> 2)) {
                siftUp(i, moved, movedDeadline);
            } else {
                siftDown(i, moved, movedDeadline);
            }
        }
        return true;
    }

    /** Removes and returns the earliest timer if its deadline is at or before {@code now}. */
    Timer pollDue(long now) {
        if (size == 0 || deadlines[0] - now > 0) {
            return null;
        }
        Timer top = timers[0];
        remove(top);
        return top;
    }

    /** True if {@code t} (due at {@code deadline}) goes before the timer at index {@code j}. */
    private boolean before(Timer t, long deadline, int j) {
        return before(t, deadline, timers[j], deadlines[j]);
    }

    private void siftUp(int i, Timer t, long deadline) {
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            if (!before(t, deadline, parent)) {
                break;
            }
            place(i, timers[parent], deadlines[parent]);
            i = parent;
        }
        place(i, t, deadline);
    }

    private void siftDown(int i, Timer t, long deadline) {
        while (true) {
            int first = 4 * i + 1;
            if (first >= size) {
                break;
            }
            int best = first;
            int end = Math.min(first + 4, size);
            for (int c = first + 1; c < end; c++) {
                if (before(timers[c], deadlines[c], best)) {
                    best = c;
                }
            }
            if (!before(timers[best], deadlines[best], t, deadline)) {
                break;
            }
            place(i, timers[best], deadlines[best]);
            i = best;
        }
        place(i, t, deadline);
    }

    /** Earlier deadline first; the timers themselves are read only to break a tie. */
    private static boolean before(Timer a, long da, Timer b, long db) {
        long d = da - db;
        return d < 0 || (d == 0 && a.sequence < b.sequence);
    }

    private void place(int i, Timer t, long deadline) {
        timers[i] = t;
        deadlines[i] = deadline;
        t.index = i;
    }
}
