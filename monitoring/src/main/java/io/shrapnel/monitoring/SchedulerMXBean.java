package io.shrapnel.monitoring;

import javax.management.openmbean.TabularData;

/**
 * One event loop, as JMX shows it: {@code io.shrapnel:type=Scheduler,name=<loop>}. The counters
 * are those of {@link io.shrapnel.kernel.Scheduler#stats()}, read racily (each is monotonic).
 */
@Description("One event loop: its coros, queues and counters (monotonic; a dashboard derives rates from two reads)")
public interface SchedulerMXBean {
    @Description("The loop's name")
    String getName();

    /** True while a thread runs the loop. */
    @Description("True while a thread runs the loop")
    boolean isRunning();

    /** Coros started and not yet dead. */
    @Description("Coros started and not yet dead")
    int getLiveCoros();

    /** Coros in the run queue now (the ready queue's length). */
    @Description("Coros in the run queue now (the ready queue's length)")
    int getReadyCoros();

    @Description("Timers waiting to fire (sleeps, timeouts)")
    int getPendingTimers();

    /** Passes of the loop (each: posts, due timers, the ready coros, a poll). */
    @Description("Passes of the loop since it was made (each: posts, due timers, the ready coros, a poll)")
    long getPasses();

    /** Coro runs (switches to a coro and back). */
    @Description("Coro runs (switches to a coro and back) since the loop was made")
    long getResumes();

    /** Selector polls, with or without waiting. */
    @Description("Selector polls, with or without waiting")
    long getSelects();

    @Description("Timers that fired")
    long getTimersFired();

    /** Times a coro held the loop longer than the latency warning threshold. */
    @Description("Times a coro held the loop longer than the latency warning threshold")
    long getLatencyWarnings();

    @Description("Coros spawned on this loop")
    long getSpawned();

    /** Wakeups of its coros and tasks handed to the loop by other threads. */
    @Description("Wakeups of its coros and tasks handed to the loop by other threads")
    long getPostsTaken();

    /** How many of those had to wake the loop from its select. */
    @Description("How many of the posts had to wake the loop from its select")
    long getSelectorWakeups();

    @Description("Milliseconds since the loop was made")
    long getUptimeMillis();

    /** Whether the loop times every slice into {@link #getSliceHistogram()} ({@link io.shrapnel.kernel.Scheduler#setSliceTiming}). */
    @Description("True while the loop times every slice for SliceHistogram (one clock read per slice); false by default. Writable")
    boolean isSliceTiming();

    /** Turns slice timing on or off. */
    void setSliceTiming(boolean on);

    /** Slices by length ({@link io.shrapnel.kernel.SliceHistogram}): one {@link SliceBucket} per non-empty bucket. */
    @Description("Slices (a coro's run until it gives the loop back) by length, counted while SliceTiming was on: "
            + "one row per non-empty power-of-two bucket of nanoseconds, indexed by bucket")
    TabularData getSliceHistogram();

    /** One line per live coro of this loop: id, name, state, what it waits for and where. */
    @Description("One line per live coro of this loop: id, name, state, what it waits for and where")
    String whereAll();
}
