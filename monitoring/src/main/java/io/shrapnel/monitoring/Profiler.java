package io.shrapnel.monitoring;

import io.shrapnel.kernel.Scheduler;
import io.shrapnel.monitoring.internal.CorosBean;
import io.shrapnel.monitoring.internal.OnLoop;
import io.shrapnel.monitoring.internal.profile.JfrSampler;
import io.shrapnel.monitoring.internal.profile.LoopProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The per-coro profiler. While it runs, every loop charges each run of a coro with its time on the
 * loop, CPU time and the bytes it allocated; Java Flight Recorder samples the stacks of the running
 * coros by their CPU time ({@code jdk.CPUTimeSample}, JEP 509) and, if asked, counts and times every
 * call of chosen methods ({@code jdk.MethodTiming} and {@code jdk.MethodTrace}, JEP 520). {@link #stop} writes a report file; {@code ProfileReport} (or
 * {@link Profile#toHtml()}) turns it into an HTML page like the original Shrapnel's.
 *
 * <pre>{@code
 * Profiler.run(() -> Coro.eventLoop());              // profiles until the loop exits; writes defaultReportFile()
 *
 * Profiler.start();                                  // or by hand, e.g. from the backdoor
 * ...
 * Profile p = Profiler.stop(Path.of("/tmp/server.profile"));
 * }</pre>
 *
 * One profiler at a time, over the loops that exist when it starts (the default loop is created if
 * need be). Costs nothing when it does not run (the loops test one null per run); when it runs,
 * about 0.2 µs per run of a coro and JFR's sampling (see benchmarks/RESULTS.md).
 *
 * <p>Threading: any thread (from a coro too); start and stop are serialized.
 */
public final class Profiler {
    /** One sample per millisecond of a thread's CPU time (or of wall time, for {@link Sampling#EXECUTION}). */
    public static final Duration DEFAULT_SAMPLE_PERIOD = Duration.ofMillis(1);
    /** How long stop() waits for a busy loop to hand over its accounts. */
    private static final Duration PATIENCE = Duration.ofSeconds(5);

    private static Session running; // guarded by Profiler.class

    private record Session(List<LoopProfile> loops, JfrSampler sampler, Instant started, long startNanos) {}

    private Profiler() {}

    /** {@code <java.io.tmpdir>/shrapnel.profile}, where {@link #stop()} and {@link #run(Callable)} write. */
    public static Path defaultReportFile() {
        return Path.of(System.getProperty("java.io.tmpdir"), "shrapnel.profile");
    }

    /** Starts profiling with CPU-time samples every {@link #DEFAULT_SAMPLE_PERIOD} and no timed methods. */
    public static void start() {
        start(DEFAULT_SAMPLE_PERIOD);
    }

    /** Starts profiling every loop, with CPU-time samples every {@code samplePeriod} and no timed methods. */
    public static void start(Duration samplePeriod) {
        start(samplePeriod, Sampling.CPU_TIME, List.of());
    }

    /**
     * Starts profiling every loop: samples of the running coros' stacks every {@code samplePeriod}
     * ({@code sampling}; CPU-time samples fall back to execution samples where the JVM lacks them),
     * and every call of the methods {@code timedMethods} names, counted and timed exactly, in all
     * and by coro. Each is a JFR method filter: {@code com.example.Worm::move}, a class name (all its
     * methods) or {@code @com.example.Timed} (methods with that annotation). Timing a method that is
     * called millions of times a second costs a JFR event per call.
     *
     * @throws IllegalStateException if the profiler runs already, or a loop has another {@code ResumeListener}
     */
    public static synchronized void start(Duration samplePeriod, Sampling sampling, List<String> timedMethods) {
        if (samplePeriod.isNegative() || samplePeriod.isZero()) {
            throw new IllegalArgumentException("the sample period must be positive, not " + samplePeriod);
        }
        if (running != null) {
            throw new IllegalStateException("the profiler is already running (since " + running.started
                    + "); stop it first with Profiler.stop()");
        }
        Set<Scheduler> loops = new LinkedHashSet<>();
        loops.add(Scheduler.defaultScheduler());
        loops.addAll(Scheduler.all());
        for (Scheduler s : loops) {
            if (s.resumeListener() != null) {
                throw new IllegalStateException("loop " + s.name() + " already has a ResumeListener ("
                        + s.resumeListener() + "): remove it before profiling");
            }
        }
        List<LoopProfile> profiles = new ArrayList<>();
        long id = -1;
        for (Scheduler s : loops) {
            LoopProfile p = new LoopProfile(s, id--);
            profiles.add(p);
            s.setResumeListener(p);
        }
        JfrSampler sampler;
        try {
            sampler = JfrSampler.start(samplePeriod, sampling, List.copyOf(timedMethods));
        } catch (RuntimeException e) {
            profiles.forEach(p -> p.loop().setResumeListener(null));
            throw e;
        }
        running = new Session(profiles, sampler, Instant.now(), System.nanoTime());
    }

    /** True between {@link #start} and {@link #stop}. */
    public static synchronized boolean isRunning() {
        return running != null;
    }

    /** Stops profiling and writes the report to {@link #defaultReportFile()}. */
    public static Profile stop() throws IOException {
        return stop(defaultReportFile());
    }

    /**
     * Stops profiling, writes the report to {@code reportFile} and returns it.
     *
     * @throws IllegalStateException if the profiler does not run
     */
    public static synchronized Profile stop(Path reportFile) throws IOException {
        Session s = running;
        if (s == null) {
            throw new IllegalStateException("the profiler is not running; start it with Profiler.start()");
        }
        running = null;
        long duration = System.nanoTime() - s.startNanos;
        List<Profile.CoroRow> rows = new ArrayList<>();
        Map<Long, Long> threads = new HashMap<>();
        for (LoopProfile p : s.loops) {
            if (p.loop().resumeListener() == p) {
                p.loop().setResumeListener(null);
            }
            // Posted after the listener is gone: the loop runs it after the pass that may still be using it.
            LoopProfile.Snapshot snap = OnLoop.call(p.loop(), PATIENCE, p::snapshot);
            rows.addAll(snap.rows());
            threads.putAll(snap.threadToCoro());
        }
        JfrSampler.Result jfr = s.sampler.stop(threads);
        Profile profile = new Profile(s.started, duration, s.sampler.period().toNanos(),
                Runtime.version() + " " + System.getProperty("java.vm.name"), rows, jfr.stacks(), jfr.event(),
                jfr.lostSamples(), jfr.timings(), jfr.calls());
        profile.write(reportFile);
        return profile;
    }

    /** Runs {@code body} under the profiler; writes the report to {@link #defaultReportFile()} when it returns or throws. */
    public static <T> T run(Callable<T> body) throws Exception {
        return run(defaultReportFile(), body);
    }

    /** Runs {@code body} (typically {@code Coro::eventLoop}) under the profiler; writes the report to {@code reportFile}. */
    public static <T> T run(Path reportFile, Callable<T> body) throws Exception {
        start();
        try {
            return body.call();
        } finally {
            stop(reportFile);
        }
    }

    /** The running profiler's numbers by coro id, taken on each loop; empty when it does not run. */
    static Map<Long, CorosBean.Numbers> liveNumbers() {
        List<LoopProfile> loops;
        synchronized (Profiler.class) {
            if (running == null) {
                return Map.of();
            }
            loops = running.loops;
        }
        Map<Long, CorosBean.Numbers> out = new HashMap<>();
        for (LoopProfile p : loops) {
            for (Profile.CoroRow r : OnLoop.call(p.loop(), PATIENCE, p::snapshot).rows()) {
                out.put(r.id(), new CorosBean.Numbers(r.resumes(), r.cpuNanos(), r.allocatedBytes()));
            }
        }
        return out;
    }

    static ProfilerMXBean mxBean() {
        return new ProfilerMXBean() {
            @Override
            public boolean isRunning() {
                return Profiler.isRunning();
            }

            @Override
            public void start(long samplePeriodMillis) {
                Profiler.start(Duration.ofMillis(samplePeriodMillis));
            }

            @Override
            public String stop(String reportFile) {
                Path file = reportFile == null || reportFile.isBlank() ? defaultReportFile() : Path.of(reportFile);
                try {
                    Profile p = Profiler.stop(file);
                    return "wrote " + file + ": " + p.coros().size() + " coros, " + p.sampleCount() + " samples in "
                            + Duration.ofNanos(p.durationNanos()).toMillis() + " ms";
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write the profile to " + file, e);
                }
            }

            @Override
            public String html(String reportFile) {
                Path file = reportFile == null || reportFile.isBlank() ? defaultReportFile() : Path.of(reportFile);
                try {
                    return Profile.read(file).toHtml();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the profile " + file, e);
                }
            }
        };
    }
}
