package io.shrapnel.benchmarks.kernel;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import java.time.Duration;
import java.util.SplittableRandom;
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
 * {@code withTimeout} around a call that returns at once (arm a timer, call, cancel the timer),
 * beside the bare call in the same coro: the difference is the cost of the timeout. With
 * {@code pending} other timers on the loop (a server's idle timeouts, due in 10 to 70 seconds), as
 * a loop with many connections has them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1) // the JVM flags come from the host JVM (benchmarks/flags.sh)
@State(Scope.Benchmark)
public class TimeoutBenchmark {
    static final int CALLS = 100_000;
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    /** Timers already on the loop, due in 10 to 70 s (they never fire during a run). */
    @Param({"0", "100000"})
    public int pending;

    private Scheduler loop;
    long sink;

    @Setup(Level.Trial)
    public void setUp() {
        loop = Scheduler.create("bench");
        loop.spawn(() -> {
            SplittableRandom random = new SplittableRandom(42);
            for (int i = 0; i < pending; i++) {
                loop.schedule(Duration.ofMillis(10_000 + random.nextInt(60_000)), () -> { });
            }
        });
        loop.runUntilDone();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        loop.close();
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public void withTimeoutAroundAnImmediateCall() {
        loop.spawn(() -> {
            long s = 0;
            for (int i = 0; i < CALLS; i++) {
                int v = i;
                s += Coro.withTimeout(ONE_SECOND, () -> v);
            }
            sink += s;
        });
        loop.runUntilDone();
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public void bareCallBaseline() {
        loop.spawn(() -> {
            long s = 0;
            for (int i = 0; i < CALLS; i++) {
                int v = i;
                java.util.concurrent.Callable<Integer> c = () -> v;
                s += c.call();
            }
            sink += s;
        });
        loop.runUntilDone();
    }
}
