package io.shrapnel.kernel;

/**
 * Told around every run of a coro on one loop: the hook a profiler needs to charge time, CPU and
 * allocations to the coro that used them. Installed with {@link Scheduler#setResumeListener}; one
 * per loop.
 *
 * <p>Costs nothing when none is installed: the loop reads the listener once per pass and, when it is
 * null, only tests it per run. When one is installed, both calls sit on the loop's hottest path:
 * keep them to a few field updates and clock reads.
 *
 * <p>Threading: both methods are called on the loop thread, outside any coro, in pairs: {@code resuming}
 * just before the coro's continuation runs, {@code suspended} just after it gave the loop back (it waits,
 * yielded, parked in a JDK call, or died: see {@link Coro#isDead()}). An exception they throw is
 * printed and otherwise ignored. A listener replaced or removed from another thread may still get the
 * calls of the pass in progress.
 */
public interface ResumeListener {
    /** {@code coro} is about to run. */
    void resuming(Coro coro);

    /** {@code coro} has given its loop back (or exited). */
    void suspended(Coro coro);
}
