package io.shrapnel.kernel;

import java.util.Arrays;

/**
 * How long the slices of one loop took (a slice: a coro's run from its resume until it gives the
 * loop back), counted in {@value #BUCKETS} power-of-two buckets of nanoseconds. Bucket 0 counts
 * slices shorter than 1 ns (a clock that did not move), bucket {@code i} from 1 to 30 those of
 * {@code [2^(i-1), 2^i)} ns, and bucket 31 those of {@code 2^30} ns (about 1.07 s) or more.
 * Recorded only while {@link Scheduler#setSliceTiming slice timing} is on.
 *
 * <p>Threading: an immutable copy; {@link Scheduler#sliceHistogram()} takes it racily from any thread.
 */
public final class SliceHistogram {
    /** How many buckets there are. */
    public static final int BUCKETS = 32;

    private final long[] counts;

    SliceHistogram(long[] counts) {
        this.counts = counts.clone();
    }

    /** The bucket a slice of {@code nanos} falls in. */
    public static int bucketOf(long nanos) {
        return Math.min(BUCKETS - 1, 64 - Long.numberOfLeadingZeros(Math.max(0, nanos))); // 0 and below: bucket 0
    }

    /** The shortest slice, in nanoseconds, that bucket {@code i} counts. */
    public static long lowerBoundNanos(int bucket) {
        return bucket == 0 ? 0 : 1L << (bucket - 1);
    }

    /** Slices counted in {@code bucket}. */
    public long count(int bucket) {
        return counts[bucket];
    }

    /** All counts, bucket by bucket (a copy). */
    public long[] counts() {
        return counts.clone();
    }

    /** Slices counted in all. */
    public long total() {
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        return t;
    }

    @Override
    public String toString() {
        return "SliceHistogram" + Arrays.toString(counts);
    }
}
