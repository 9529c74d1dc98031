package io.shrapnel.benchmarks.monitoring;

import io.shrapnel.benchmarks.kernel.SwitchBenchmark;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.monitoring.Profiler;
import io.shrapnel.monitoring.internal.profile.JfrSampler;
import io.shrapnel.monitoring.internal.profile.LoopProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Djdk.pollerMode=1"})
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
            case "jfr" -> sampler = JfrSampler.start(Profiler.DEFAULT_SAMPLE_PERIOD);
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

}
