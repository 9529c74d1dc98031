package io.shrapnel.monitoring;

/**
 * One live coro in JMX: a row of {@link CorosMXBean#getCoros()}.
 *
 * @param id the coro's id
 * @param name its name, or empty
 * @param loop its loop's name
 * @param state NEW, SCHEDULED, RUNNING (also: parked in a JDK call), WAITING or DEAD
 * @param blockedOn what it waits for, or empty
 * @param where the innermost frame of its own code, or empty
 * @param resumes runs counted by the running {@link Profiler}; -1 when no profiler runs
 * @param cpuNanos CPU time charged to it by the running profiler; -1 when no profiler runs
 * @param allocatedBytes bytes it allocated, counted by the running profiler; -1 when no profiler runs
 */
@Description("One live coro")
public record CoroView(
        @Description("The coro's id") long id,
        @Description("Its name, or empty") String name,
        @Description("The name of its loop") String loop,
        @Description("NEW, SCHEDULED, RUNNING (also: parked in a JDK call), WAITING or DEAD") String state,
        @Description("What it waits for, or empty") String blockedOn,
        @Description("The innermost frame of its own code, or empty") String where,
        @Description("Runs counted by the running profiler; -1 when no profiler runs") long resumes,
        @Description("CPU time charged to it by the running profiler, in ns; -1 when no profiler runs") long cpuNanos,
        @Description("Bytes it allocated, counted by the running profiler; -1 when no profiler runs")
        long allocatedBytes) {}
