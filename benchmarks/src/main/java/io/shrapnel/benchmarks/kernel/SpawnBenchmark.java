package io.shrapnel.benchmarks.kernel;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** Spawn + run + exit of trivial coros on one loop, beside plain virtual threads doing the same. */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1) // the JVM flags come from the host JVM (benchmarks/flags.sh)
@State(Scope.Benchmark)
public class SpawnBenchmark {
    static final int BATCH = 10_000;

    private Scheduler loop;
    private final AtomicInteger sink = new AtomicInteger();

    @Setup(Level.Trial)
    public void setUp() {
        loop = Scheduler.create("bench");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        loop.close();
    }

    /** A coro spawns BATCH trivial coros on its own loop; the loop runs until all have exited. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void coroSpawnRunExit() {
        int[] counter = new int[1];
        loop.spawn(() -> {
            for (int i = 0; i < BATCH; i++) {
                Coro.spawn(() -> counter[0]++);
            }
        });
        loop.runUntilDone();
        sink.addAndGet(counter[0]);
    }

    /** BATCH plain virtual threads started and joined. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void virtualThreadStartRunJoin() throws InterruptedException {
        Thread[] ts = new Thread[BATCH];
        for (int i = 0; i < BATCH; i++) {
            ts[i] = Thread.ofVirtual().start(sink::incrementAndGet);
        }
        for (Thread t : ts) {
            t.join();
        }
    }
}
