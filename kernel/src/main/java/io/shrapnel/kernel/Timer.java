package io.shrapnel.kernel;

/**
 * Something one loop must do at a deadline: wake a sleeper, go off as a timebomb, run a task.
 *
 * <p>Threading: owned by one scheduler's loop; created, queued, cancelled and fired on that loop only.
 */
abstract class Timer {
    /** Deadline on the loop's {@link Clock}, in nanoseconds. */
    long deadline;
    /** Insertion order, so that timers with equal deadlines fire first-in, first-out. */
    long sequence;
    /**
     * Position in the {@link TimerHeap} (0 and up), a wheel bucket's slot ({@link Timers#IN_WHEEL} and
     * down), or -1 when not queued.
     */
    int index = -1;

    final boolean isQueued() {
        return index != -1;
    }

    /**
     * Called on the loop when the deadline has passed. Returning true asks to be fired again on the
     * next pass (a timebomb whose coro is already scheduled).
     */
    abstract boolean fire(Scheduler scheduler);

    /** What this timer is for, as shown by {@code eventMap()}. */
    abstract String describe();
}
