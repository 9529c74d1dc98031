package io.shrapnel.benchmarks.mailbox;

import io.shrapnel.kernel.Scheduler;
import io.shrapnel.mailbox.Actors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorSystem;
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

/**
 * Fan-in: 4 platform threads send 250,000 messages each to one actor, which counts them. Time per
 * message. The receiver: a coro actor or a handler actor on one loop, or a Pekko typed actor on a
 * one-thread dispatcher or with Pekko's defaults. The senders are the same pool of threads for all.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1) // the JVM flags come from the host JVM (benchmarks/flags.sh)
@State(Scope.Benchmark)
public class FanInBenchmark {
    static final int SENDERS = 4;
    static final int PER_SENDER = 250_000;
    static final int TOTAL = SENDERS * PER_SENDER;
    static final Object MESSAGE = "m";

    private ExecutorService senders;
    private Scheduler loop;
    private ActorSystem<Void> pekkoOneThread;
    private ActorSystem<Void> pekkoDefault;
    private int names;

    @Setup(Level.Trial)
    public void setUp() {
        senders = Executors.newFixedThreadPool(SENDERS);
        loop = Scheduler.create("fan-in").start();
        pekkoOneThread = Pekko.system("fanin1", true);
        pekkoDefault = Pekko.system("fanin", false);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        senders.shutdown();
        loop.close();
        Pekko.terminate(pekkoOneThread);
        Pekko.terminate(pekkoDefault);
    }

    private void fanIn(Consumer<Object> tell, CountDownLatch done) throws Exception {
        List<Future<?>> fs = new ArrayList<>(SENDERS);
        for (int s = 0; s < SENDERS; s++) {
            fs.add(senders.submit(() -> {
                for (int i = 0; i < PER_SENDER; i++) {
                    tell.accept(MESSAGE);
                }
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        done.await();
    }

    @Benchmark
    @OperationsPerInvocation(TOTAL)
    public void coroActor() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        fanIn(CountingSinks.coro(Actors.named("sink").on(loop), TOTAL, done)::tell, done);
    }

    @Benchmark
    @OperationsPerInvocation(TOTAL)
    public void handlerActor() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        fanIn(CountingSinks.handler(Actors.named("sink").on(loop), TOTAL, done)::tell, done);
    }

    @Benchmark
    @OperationsPerInvocation(TOTAL)
    public void pekkoOneThread() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        fanIn(CountingSinks.pekko(pekkoOneThread, "sink-" + ++names, TOTAL, done)::tell, done);
    }

    @Benchmark
    @OperationsPerInvocation(TOTAL)
    public void pekkoDefaults() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        fanIn(CountingSinks.pekko(pekkoDefault, "sink-" + ++names, TOTAL, done)::tell, done);
    }
}
