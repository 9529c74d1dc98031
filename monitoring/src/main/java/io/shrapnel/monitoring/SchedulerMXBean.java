package io.shrapnel.monitoring;

/**
 * One event loop, as JMX shows it: {@code io.shrapnel:type=Scheduler,name=<loop>}. The counters
 * are those of {@link io.shrapnel.kernel.Scheduler#stats()}, read racily (each is monotonic).
 */
public interface SchedulerMXBean {
    String getName();

    /** True while a thread runs the loop. */
    boolean isRunning();

    /** Coros started and not yet dead. */
    int getLiveCoros();

    /** Coros in the run queue now (the ready queue's length). */
    int getReadyCoros();

    int getPendingTimers();

    /** Passes of the loop (each: posts, due timers, the ready coros, a poll). */
    long getPasses();

    /** Coro runs (switches to a coro and back). */
    long getResumes();

    /** Selector polls, with or without waiting. */
    long getSelects();

    long getTimersFired();

    /** Times a coro held the loop longer than the latency warning threshold. */
    long getLatencyWarnings();

    long getSpawned();

    /** Wakeups of its coros and tasks handed to the loop by other threads. */
    long getPostsTaken();

    /** How many of those had to wake the loop from its select. */
    long getSelectorWakeups();

    long getUptimeMillis();

    /** One line per live coro of this loop: id, name, state, what it waits for and where. */
    String whereAll();
}
