package io.shrapnel.kernel;

import java.util.Arrays;

/**
 * A loop's pending timers: the near ones sorted in a {@link TimerHeap}, the far ones in the
 * unsorted buckets of a timing wheel, moved to the heap a bucket at a time as their time comes.
 *
 * <p>Why two structures: most timers are timeouts that are cancelled long before they are due (a
 * request's deadline, a connection's idle timeout), and a loop with many connections has a hundred
 * thousand of them pending. In a heap each add and cancel walks O(log n) levels of cold memory
 * (measured: {@code withTimeout} cost 51 ns with an empty heap, 159–396 ns beside 100,000 idle
 * timeouts; 67 ns with this wheel when its buckets were lists, 43 ns with arrays). In a wheel bucket
 * both are a few array writes. Only timers whose bucket has come
 * are ever sorted, and the heap stays the size of about a millisecond's worth of timers.
 *
 * <p>The invariant: every timer in the heap is due before {@code horizon}, every timer in the
 * wheel at or after it. So the heap's first timer, when there is one, is the earliest of all, and
 * timers with equal deadlines still come out in the order they were added (their sequence numbers
 * travel with them). The horizon moves forward a bucket at a time in {@link #pollDue}; after a
 * long idle stretch it jumps, sweeping the wheel once. {@link #nextCheck} tells the loop how long it
 * may sleep without sorting or walking anything. A bucket is {@code 2^shift} ns wide (about a millisecond by default) and the wheel has
 * {@code buckets} of them (4.3 s by default); a timer further out waits in the bucket its deadline
 * hashes to and is passed over until the round of its deadline comes. Deadlines are compared by
 * subtraction, so they may wrap past {@code Long.MAX_VALUE} as {@code System.nanoTime()} may.
 *
 * <p>A bucket is two arrays side by side, its timers and their deadlines, not a linked list: a
 * million sleepers due within a second put about a thousand timers in each bucket, and bringing a
 * bucket near then reads its deadlines from one array and touches only the timers that move, each
 * independently of the last, where a list is a chain of cache misses the processor must take one at
 * a time. A queued timer knows its slot ({@link Timer#index} {@code = -2 - slot}), so cancelling is a
 * move of the bucket's last timer into the hole.
 *
 * <p>Threading: confined to its scheduler's loop thread.
 */
final class Timers {
    /**
     * {@link Timer#index} of a timer in slot 0 of a wheel bucket; slot {@code s} is {@code IN_WHEEL - s}
     * (the heap uses indexes from 0; -1 is none).
     */
    static final int IN_WHEEL = -2;
    /** A bucket's arrays, when first needed; an emptied bucket whose arrays grew past this drops them. */
    private static final int FIRST_CAPACITY = 8;

    private final TimerHeap near = new TimerHeap();
    /** Per bucket: its timers in slots 0..sizes[b]-1, or null before the first. */
    private final Timer[][] buckets;
    /** Per bucket: the deadlines of those timers, slot for slot. */
    private final long[][] deadlines;
    private final int[] sizes;
    /** A bit per bucket: set while the bucket holds a timer. */
    private final long[] occupied;
    private final int shift;
    private final long width;
    private final long span;
    private long horizon;
    private int far;
    private long nextSequence;

    /** A wheel of 4,096 buckets of 2^20 ns (1.05 ms): 4.3 seconds around. */
    Timers() {
        this(20, 4096);
    }

    Timers(int shift, int bucketCount) {
        if (Integer.bitCount(bucketCount) != 1 || shift < 0 || shift > 40) {
            throw new IllegalArgumentException("buckets must be a power of two and shift in 0..40");
        }
        this.buckets = new Timer[bucketCount][];
        this.deadlines = new long[bucketCount][];
        this.sizes = new int[bucketCount];
        this.occupied = new long[(bucketCount + 63) >>> 6];
        this.shift = shift;
        this.width = 1L << shift;
        this.span = width * bucketCount;
    }

    int size() {
        return near.size() + far;
    }

    /** How many timers are sorted in the heap now (the rest wait in the wheel): for tests. */
    int nearSize() {
        return near.size();
    }

    /** How many slots of bucket {@code b}'s array hold a timer (none past its size): for tests. */
    int bucketReferences(int b) {
        int n = 0;
        for (Timer t : buckets[b] == null ? new Timer[0] : buckets[b]) {
            n += t == null ? 0 : 1;
        }
        return n;
    }

    /** The length of bucket {@code b}'s arrays, 0 when it has none: for tests. */
    int bucketCapacity(int b) {
        return buckets[b] == null ? 0 : buckets[b].length;
    }

    boolean isEmpty() {
        return far == 0 && near.isEmpty();
    }

    void add(Timer t, long deadline) {
        if (t.index != -1) {
            throw new IllegalStateException("timer already queued: " + t.describe());
        }
        t.deadline = deadline;
        t.sequence = nextSequence++;
        if (deadline - horizon < 0) {
            near.insert(t);
        } else {
            link(t);
        }
    }

    /** Removes {@code t} if queued; returns whether it was. */
    boolean remove(Timer t) {
        if (isInWheel(t)) {
            unlink(t);
            return true;
        }
        return near.remove(t);
    }

    /** Removes and returns the earliest timer if its deadline is at or before {@code now}. */
    Timer pollDue(long now) {
        while (true) {
            Timer t = near.pollDue(now);
            if (t != null || horizon - now > 0) {
                return t; // the heap's timers are all before the horizon, the wheel's at or after it
            }
            // Nothing in the heap is due, and the horizon is at or before now: a bucket of the wheel
            // may be. One bucket at a time, so that a loop that fell behind sorts a bucket's worth of
            // timers at a time, not every timer due by now at once.
            long target = (now & -width) + width; // every deadline <= now is before it
            if (far == 0 || target - horizon >= span) {
                advanceTo(target);
            } else {
                long next = horizon + width;
                bringNear((int) (horizon >> shift) & (buckets.length - 1), next);
                horizon = next;
            }
        }
    }

    /**
     * When the loop must look at its timers again: the earliest deadline if a timer is near, else the
     * start of the next wheel bucket that holds one (whose timers may be due a turn or more later:
     * the loop then finds nothing due and asks again, a turn at most later). Never after the earliest
     * deadline, so a loop on virtual time that jumps from one answer to the next fires every timer at
     * exactly its deadline. Cheap whatever the number of far timers: a scan of a bitmap of the
     * non-empty buckets. Only when {@link #isEmpty()} is false.
     */
    long nextCheck() {
        Timer t = near.peek();
        if (t != null) {
            return t.deadline;
        }
        int start = (int) (horizon >> shift) & (buckets.length - 1);
        int b = nextOccupied(start);
        if (b < 0) {
            b = nextOccupied(0); // wrap around the wheel
        }
        if (b < 0) {
            throw new IllegalStateException("no timers");
        }
        int ahead = (b - start) & (buckets.length - 1);
        return horizon + ahead * width;
    }

    /** The first non-empty bucket at or after {@code from} (no wrapping), or -1. */
    private int nextOccupied(int from) {
        int word = from >>> 6;
        long bits = occupied[word] & (-1L << (from & 63));
        while (true) {
            if (bits != 0) {
                int b = (word << 6) + Long.numberOfTrailingZeros(bits);
                return b < buckets.length ? b : -1;
            }
            if (++word == occupied.length) {
                return -1;
            }
            bits = occupied[word];
        }
    }

    /**
     * Moves the horizon to {@code target} (> horizon) in one step, bringing near what is due before
     * it: with no far timer, or after an idle stretch of a whole turn or more (each bucket once).
     */
    private void advanceTo(long target) {
        if (far == 0) {
            horizon = target;
        } else {
            for (int b = 0; b < buckets.length; b++) {
                bringNear(b, target);
            }
            horizon = target;
        }
    }

    /** True if {@code t} waits in a wheel bucket. */
    static boolean isInWheel(Timer t) {
        return t.index <= IN_WHEEL;
    }

    /** Moves the timers of bucket {@code b} due before {@code limit} to the heap; the rest stay, packed. */
    private void bringNear(int b, long limit) {
        int n = sizes[b];
        if (n == 0) {
            return;
        }
        Timer[] ts = buckets[b];
        long[] ds = deadlines[b];
        int kept = 0;
        for (int i = 0; i < n; i++) {
            Timer t = ts[i];
            long d = ds[i];
            if (d - limit < 0) {
                t.index = -1;
                near.insert(t);
            } else {
                ts[kept] = t;
                ds[kept] = d;
                t.index = IN_WHEEL - kept;
                kept++;
            }
        }
        Arrays.fill(ts, kept, n, null);
        far -= n - kept;
        sizes[b] = kept;
        if (kept == 0) {
            emptied(b);
        }
    }

    private void link(Timer t) {
        int b = (int) (t.deadline >> shift) & (buckets.length - 1);
        int slot = sizes[b];
        Timer[] ts = buckets[b];
        if (ts == null) {
            ts = buckets[b] = new Timer[FIRST_CAPACITY];
            deadlines[b] = new long[FIRST_CAPACITY];
        } else if (slot == ts.length) {
            ts = buckets[b] = Arrays.copyOf(ts, slot * 2);
            deadlines[b] = Arrays.copyOf(deadlines[b], slot * 2);
        }
        if (slot == 0) {
            occupied[b >>> 6] |= 1L << b;
        }
        ts[slot] = t;
        deadlines[b][slot] = t.deadline;
        sizes[b] = slot + 1;
        t.index = IN_WHEEL - slot;
        far++;
    }

    private void unlink(Timer t) {
        int b = (int) (t.deadline >> shift) & (buckets.length - 1);
        int slot = IN_WHEEL - t.index;
        int last = --sizes[b];
        Timer[] ts = buckets[b];
        if (slot != last) {
            Timer moved = ts[last];
            ts[slot] = moved;
            deadlines[b][slot] = deadlines[b][last];
            moved.index = IN_WHEEL - slot;
        }
        ts[last] = null;
        t.index = -1;
        far--;
        if (last == 0) {
            emptied(b);
        }
    }

    /** Bucket {@code b} has no timer left: no reason to wake for it, and no large arrays kept for it. */
    private void emptied(int b) {
        occupied[b >>> 6] &= ~(1L << b);
        if (buckets[b].length > FIRST_CAPACITY) {
            buckets[b] = null;
            deadlines[b] = null;
        }
    }
}
