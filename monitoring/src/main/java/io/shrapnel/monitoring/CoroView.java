package io.shrapnel.monitoring;

/**
 * One live coro in JMX ({@link CorosMXBean#getCoros()}).
 *
 * @param id the coro's id
 * @param name its name, or null
 * @param loop its loop's name
 * @param state NEW, SCHEDULED, RUNNING (also: parked in a JDK call), WAITING or DEAD
 * @param blockedOn what it waits for, or null
 * @param where the innermost frame of its own code, or null
 * @param resumes runs counted by the running {@link Profiler}; -1 when no profiler runs
 * @param cpuNanos CPU time charged to it by the running profiler; -1 when no profiler runs
 * @param allocatedBytes bytes it allocated, counted by the running profiler; -1 when no profiler runs
 */
public record CoroView(long id, String name, String loop, String state, String blockedOn, String where,
                       long resumes, long cpuNanos, long allocatedBytes) {}
