package io.shrapnel.kernel;

import java.util.Arrays;

/**
 * A binary min-heap of {@link Timer}s ordered by deadline then insertion order, with each timer
 * knowing its own index so that cancelling is O(log n) and leaves nothing behind. Most timeouts are
 * cancelled before they fire, so cancel must be as cheap as add.
 *
 * <p>Threading: confined to its scheduler's loop thread.
 */
final class TimerHeap {
    private Timer[] heap = new Timer[64];
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
        return size == 0 ? null : heap[0];
    }

    void add(Timer t, long deadline) {
        if (t.index >= 0) {
            throw new IllegalStateException("timer already queued: " + t.describe());
        }
        t.deadline = deadline;
        t.sequence = nextSequence++;
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        int i = size++;
        heap[i] = t;
        t.index = i;
        siftUp(i);
    }

    /** Removes {@code t} if queued; returns whether it was. */
    boolean remove(Timer t) {
        int i = t.index;
        if (i < 0) {
            return false;
        }
        t.index = -1;
        int last = --size;
        Timer moved = heap[last];
        heap[last] = null;
        if (i != last) {
            heap[i] = moved;
            moved.index = i;
            if (!siftUp(i)) {
                siftDown(i);
            }
        }
        return true;
    }

    /** Removes and returns the earliest timer if its deadline is at or before {@code now}. */
    Timer pollDue(long now) {
        if (size == 0) {
            return null;
        }
        Timer top = heap[0];
        if (top.deadline - now > 0) {
            return null;
        }
        remove(top);
        return top;
    }

    /** All queued timers, in no particular order (for diagnostics). */
    Timer[] snapshot() {
        return Arrays.copyOf(heap, size);
    }

    private static boolean before(Timer a, Timer b) {
        long d = a.deadline - b.deadline;
        return d < 0 || (d == 0 && a.sequence < b.sequence);
    }

    private boolean siftUp(int i) {
        Timer t = heap[i];
        int start = i;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Timer p = heap[parent];
            if (!before(t, p)) {
                break;
            }
            heap[i] = p;
            p.index = i;
            i = parent;
        }
        heap[i] = t;
        t.index = i;
        return i != start;
    }

    private void siftDown(int i) {
        Timer t = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            Timer c = heap[child];
            int right = child + 1;
            if (right < size && before(heap[right], c)) {
                child = right;
                c = heap[child];
            }
            if (!before(c, t)) {
                break;
            }
            heap[i] = c;
            c.index = i;
            i = child;
        }
        heap[i] = t;
        t.index = i;
    }
}
