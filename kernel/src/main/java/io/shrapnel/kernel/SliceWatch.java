package io.shrapnel.kernel;

/**
 * What the {@link LatencyWatchdog} knows of one loop: the slice it saw running at its last tick and
 * since when, and the slice it flagged as too long, which the loop reports when the slice ends.
 *
 * <p>Threading: {@link #tick} runs on the watchdog thread and owns the {@code seen*} fields. The flag
 * is written by the watchdog and read by the loop: {@code longSlice} is volatile and written last,
 * which publishes {@code longSliceSince}.
 */
final class SliceWatch {
    // ---- watchdog thread only ----
    private long seenSlice = -1;
    private Coro seenCoro;
    private long seenSince;

    // ---- written by the watchdog, read by the loop ----
    private volatile long longSlice = -1;
    private long longSliceSince;

    /**
     * A tick at {@code now}: {@code slice} is the number of the slice the loop runs ({@code -1} if it
     * runs none, or if the loop moved on while it was read) and {@code running} its coro. A slice
     * seen at an earlier tick at least {@code threshold} ago is flagged, once.
     */
    void tick(long now, long threshold, long slice, Coro running) {
        if (slice < 0 || slice != seenSlice || running != seenCoro) {
            seenSlice = slice;
            seenCoro = running;
            seenSince = now;
            return;
        }
        if (now - seenSince >= threshold && longSlice != slice) {
            longSliceSince = seenSince;
            longSlice = slice; // volatile, last: publishes longSliceSince
        }
    }

    /** Returned by {@link #flaggedSince} for a slice that was not flagged (nanoTime may be any long). */
    static final long NOT_FLAGGED = Long.MIN_VALUE;

    /** On the loop, as {@code slice} ends: since when the watchdog has seen it run, or {@link #NOT_FLAGGED}. */
    long flaggedSince(long slice) {
        return longSlice == slice ? longSliceSince : NOT_FLAGGED;
    }
}
