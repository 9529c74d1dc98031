package io.shrapnel.monitoring;

/**
 * A row of {@link SchedulerMXBean#getSliceHistogram()}: the slices of one length range
 * ({@link io.shrapnel.kernel.SliceHistogram}).
 *
 * @param bucket the bucket's number, 0 to 31
 * @param fromNanos the shortest slice it counts, in nanoseconds
 * @param belowNanos the first length it no longer counts ({@code Long.MAX_VALUE} for the last bucket)
 * @param slices slices counted
 */
@Description("Slices of one length range")
public record SliceBucket(
        @Description("The bucket's number: 0 under 1 ns, i from 2^(i-1) ns, 31 from 2^30 ns (about 1.07 s) on") int bucket,
        @Description("The shortest slice it counts, in nanoseconds") long fromNanos,
        @Description("The first length it no longer counts, in nanoseconds (Long.MAX_VALUE for the last bucket)") long belowNanos,
        @Description("Slices counted") long slices) {}
