package io.shrapnel.benchmarks.monitoring;

import io.shrapnel.benchmarks.kernel.SwitchBenchmark;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.monitoring.Profiler;
import io.shrapnel.monitoring.internal.profile.JfrSampler;
import io.shrapnel.monitoring.internal.profile.LoopProfile;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The profiler's cost per coro run, taken apart: the kernel's switch ping-pong with nothing, with
 * only the profiler's per-run accounting (its ResumeListener), with only JFR's execution sampling,
 * and with the whole profiler.
 *
 * <p>Besides the JMH benchmark, {@link #main} runs the same modes alternated in one JVM, round after
 * round, and reports the median CPU time of the loop thread per switch: on a machine shared with
 * other work, alternating and counting CPU time (not wall time) keeps the load's noise out of the
 * comparison better than consecutive JMH runs do.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1) // the JVM flags come from the host JVM (benchmarks/flags.sh)
@State(Scope.Benchmark)
public class ProfiledSwitchBenchmark {
    static final int ROUNDS = 100_000; // as SwitchBenchmark.ROUNDS

    @Param({"off", "accounting", "jfr", "profiler"})
    public String mode;

    private Scheduler loop;
    private JfrSampler sampler;

    @Setup(Level.Trial)
    public void setUp() {
        loop = Scheduler.create("bench");
        switch (mode) {
            case "accounting" -> loop.setResumeListener(new LoopProfile(loop, -1));
            case "jfr" -> sampler = JfrSampler.start(Profiler.DEFAULT_SAMPLE_PERIOD, io.shrapnel.monitoring.Sampling.CPU_TIME, java.util.List.of());
            case "profiler" -> Profiler.start();
            default -> { }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        Path f = Files.createTempFile("bench", ".profile");
        switch (mode) {
            case "jfr" -> sampler.stop(Map.of());
            case "profiler" -> Profiler.stop(f);
            default -> { }
        }
        Files.deleteIfExists(f);
        loop.close();
    }

    @Benchmark
    @OperationsPerInvocation(2 * ROUNDS)
    public void coroPingPong() {
        SwitchBenchmark.coroPingPong(loop);
    }

    /** {@code ProfiledSwitchBenchmark [rounds=15]}: the modes alternated, median CPU ns per switch. */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        String[] modes = {"off", "accounting", "jfr", "profiler"};
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        ProfiledSwitchBenchmark b = new ProfiledSwitchBenchmark();
        for (int r = -3; r < rounds; r++) { // three rounds of warm-up
            for (String m : modes) {
                b.mode = m;
                b.setUp();
                long c0 = threads.getCurrentThreadCpuTime();
                b.coroPingPong();
                long c = threads.getCurrentThreadCpuTime() - c0;
                b.tearDown();
                if (r >= 0) {
                    cpu.computeIfAbsent(m, k -> new ArrayList<>()).add(c / (2.0 * ROUNDS));
                }
            }
        }
        double off = median(cpu.get("off"));
        cpu.forEach((m, v) -> System.out.printf("%-10s median %6.1f ns CPU per switch (%+6.1f ns, x%.3f), min %6.1f%n",
                m, median(v), median(v) - off, median(v) / off, v.stream().mapToDouble(Double::doubleValue).min().orElse(0)));
        System.exit(0);
    }

    private static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

}
