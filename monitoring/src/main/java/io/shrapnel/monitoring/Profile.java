package io.shrapnel.monitoring;

import io.shrapnel.monitoring.internal.profile.ProfilePage;
import io.shrapnel.monitoring.internal.profile.ReportFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What one run of the {@link Profiler} measured: per coro, its runs, time on the loop, CPU time and
 * bytes allocated; Java Flight Recorder's samples of the coros, as stacks; and the calls of the
 * methods it was asked to time.
 *
 * @param started when profiling started
 * @param durationNanos how long it ran
 * @param samplePeriodNanos the period of the samples (of CPU time for {@code jdk.CPUTimeSample})
 * @param jvm the JVM that ran it
 * @param coros one row per coro that ran while profiling (and one per loop for its own work, with a negative id)
 * @param stacks the samples, grouped by coro and identical stack
 * @param sampler the JFR event of the samples: {@code jdk.CPUTimeSample} or {@code jdk.ExecutionSample}
 * @param lostSamples CPU-time samples the JVM reported lost (its queue was full)
 * @param timings the timed methods' calls over all threads ({@code jdk.MethodTiming})
 * @param calls the timed methods' calls by coro ({@code jdk.MethodTrace})
 */
public record Profile(Instant started, long durationNanos, long samplePeriodNanos, String jvm, List<CoroRow> coros,
                      List<StackRow> stacks, String sampler, long lostSamples, List<MethodTiming> timings,
                      List<MethodCalls> calls) {

    public Profile {
        coros = List.copyOf(coros);
        stacks = List.copyOf(stacks);
        timings = List.copyOf(timings);
        calls = List.copyOf(calls);
    }

    /** A profile of execution samples and no timed methods (as reports of version 1 hold). */
    public Profile(Instant started, long durationNanos, long samplePeriodNanos, String jvm, List<CoroRow> coros,
                   List<StackRow> stacks) {
        this(started, durationNanos, samplePeriodNanos, jvm, coros, stacks, Sampling.EXECUTION.event(), 0, List.of(),
                List.of());
    }

    /**
     * Exact figures of one timed method over all threads, from {@code jdk.MethodTiming} (JEP 520).
     *
     * @param method {@code class.method}
     * @param invocations calls completed while profiling
     * @param totalNanos their time in all (the average JFR reports, times the calls); -1 where JFR could not tell
     * @param minNanos the shortest call, or -1
     * @param maxNanos the longest call, or -1
     */
    public record MethodTiming(String method, long invocations, long totalNanos, long minNanos, long maxNanos) {}

    /**
     * The calls of one timed method made by one coro, from {@code jdk.MethodTrace}.
     *
     * @param coroId the coro (a loop's own work: its negative id; {@link #OTHER_THREADS}: threads that are no coro)
     * @param method {@code class.method}
     * @param calls calls completed
     * @param totalNanos their time in all
     */
    public record MethodCalls(long coroId, String method, long calls, long totalNanos) {
        /** The coro id under which calls from threads that are not coros are counted. */
        public static final long OTHER_THREADS = Long.MIN_VALUE;
    }

    /**
     * One coro's numbers.
     *
     * @param id the coro's id; a loop's own work (timers, posts, the poller) has id -1, -2, ...; coros that
     *     ended after the first 10,000 are folded by name into rows with ids of -1,000,000 and below
     * @param loop its loop's name
     * @param name the coro's name (or null), "[loop]" for a loop's own work, "name (ended coros, folded)"
     * @param resumes how many times it ran
     * @param wallNanos time it held its loop, in total
     * @param cpuNanos CPU time of the loop thread while it ran (the loop thread's CPU time, read at most
     *     once a millisecond and shared among the coros that ran meanwhile in proportion to their time)
     * @param allocatedBytes bytes allocated while it ran
     */
    public record CoroRow(long id, String loop, String name, long resumes, long wallNanos, long cpuNanos,
                          long allocatedBytes) {}

    /**
     * {@code count} samples that found coro {@code coroId} running with this stack.
     *
     * @param frames the stack, outermost frame first, each as {@code class.method}
     */
    public record StackRow(long coroId, long count, List<String> frames) {
        public StackRow {
            frames = List.copyOf(frames);
        }
    }

    /** Writes this profile as a report file (a small text format, read back by {@link #read}). */
    public void write(Path file) throws IOException {
        ReportFormat.write(this, file);
    }

    /** Reads a report file written by {@link #write}. */
    public static Profile read(Path file) throws IOException {
        return ReportFormat.read(file);
    }

    /**
     * This profile as one HTML page: sortable tables of coros, of timed methods and of functions
     * (non-aggregate: the samples that found the function on top of the stack; aggregate: anywhere
     * on it), a flame graph per coro name, and a call graph.
     */
    public String toHtml() {
        return ProfilePage.render(this);
    }

    /** Every sample of the profile. */
    public long sampleCount() {
        return stacks.stream().mapToLong(StackRow::count).sum();
    }
}
