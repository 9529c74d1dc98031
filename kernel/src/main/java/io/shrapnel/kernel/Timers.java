package io.shrapnel.kernel;

/**
 * A loop's pending timers: the near ones sorted in a {@link TimerHeap}, the far ones in the
 * unsorted buckets of a timing wheel, moved to the heap a bucket at a time as their time comes.
 *
 * <p>Why two structures: most timers are timeouts that are cancelled long before they are due (a
 * request's deadline, a connection's idle timeout), and a loop with many connections has a hundred
 * thousand of them pending. In a heap each add and cancel walks O(log n) levels of cold memory
 * (measured: {@code withTimeout} cost 51 ns with an empty heap, 159–396 ns beside 100,000 idle
 * timeouts; 67 ns with this wheel). In a wheel bucket both are a few pointer writes. Only timers whose bucket has come
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
 * <p>Threading: confined to its scheduler's loop thread.
 */
final class Timers {
    /** {@link Timer#index} of a timer in a wheel bucket (the heap uses indexes from 0; -1 is none). */
    static final int IN_WHEEL = -2;

    private final TimerHeap near = new TimerHeap();
    private final Timer[] buckets;
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
        this.buckets = new Timer[bucketCount];
        this.occupied = new long[(bucketCount + 63) >>> 6];
        this.shift = shift;
        this.width = 1L << shift;
        this.span = width * bucketCount;
    }

    int size() {
        return near.size() + far;
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
        if (t.index == IN_WHEEL) {
            unlink(t);
            return true;
        }
        return near.remove(t);
    }

    /** Removes and returns the earliest timer if its deadline is at or before {@code now}. */
    Timer pollDue(long now) {
        long target = (now & -width) + width; // every deadline <= now is before it
        if (target - horizon > 0) {
            advanceTo(target);
        }
        return near.pollDue(now);
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

    /** Moves the horizon to {@code target} (> horizon), bringing near what is due before it. */
    private void advanceTo(long target) {
        if (far == 0) {
            horizon = target;
        } else if (target - horizon >= span) {
            for (int b = 0; b < buckets.length; b++) {
                bringNear(b, target);
            }
            horizon = target;
        } else {
            while (target - horizon > 0) {
                long next = horizon + width;
                bringNear((int) (horizon >> shift) & (buckets.length - 1), next);
                horizon = next;
            }
        }
    }

    /** Moves the timers of bucket {@code b} due before {@code limit} to the heap. */
    private void bringNear(int b, long limit) {
        Timer t = buckets[b];
        while (t != null) {
            Timer next = t.nextInBucket;
            if (t.deadline - limit < 0) {
                unlink(t);
                near.insert(t);
            }
            t = next;
        }
    }

    private void link(Timer t) {
        int b = (int) (t.deadline >> shift) & (buckets.length - 1);
        Timer head = buckets[b];
        t.nextInBucket = head;
        if (head != null) {
            head.prevInBucket = t;
        } else {
            occupied[b >>> 6] |= 1L << b;
        }
        buckets[b] = t;
        t.index = IN_WHEEL;
        far++;
    }

    private void unlink(Timer t) {
        Timer prev = t.prevInBucket;
        Timer next = t.nextInBucket;
        if (prev != null) {
            prev.nextInBucket = next;
        } else {
            int b = (int) (t.deadline >> shift) & (buckets.length - 1);
            buckets[b] = next;
            if (next == null) {
                occupied[b >>> 6] &= ~(1L << b);
            }
        }
        if (next != null) {
            next.prevInBucket = prev;
        }
        t.prevInBucket = null;
        t.nextInBucket = null;
        t.index = -1;
        far--;
    }
}
