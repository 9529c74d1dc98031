package io.shrapnel.benchmarks.mailbox;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.mailbox.Inbox;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
 * Streaming: one producer sends 1 M messages to one coro as fast as it can. Time per message.
 * From a coro on the same loop (through a bounded mailbox of 1024, so the two alternate by
 * back-pressure), from a coro on another loop, and from a platform thread; beside a platform thread
 * streaming into a Pekko typed actor on one thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1) // the JVM flags come from the host JVM (benchmarks/flags.sh)
@State(Scope.Benchmark)
public class StreamingBenchmark {
    static final int N = 1_000_000;
    static final Object MESSAGE = "m";

    private Scheduler local;
    private Scheduler producerLoop;
    private Scheduler consumerLoop;
    private ActorSystem<Void> pekko;
    private int names;

    @Setup(Level.Trial)
    public void setUp() {
        local = Scheduler.create("stream");
        producerLoop = Scheduler.create("producer").start();
        consumerLoop = Scheduler.create("consumer").start();
        pekko = Pekko.system("stream", true);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        local.close();
        producerLoop.close();
        consumerLoop.close();
        Pekko.terminate(pekko);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void coroToCoroOnOneLoop() {
        ActorRef<Object> sink = Actors.named("sink").on(local).bounded(1024).spawn((Inbox<Object> in) -> {
            for (int i = 0; i < N; i++) {
                in.receive();
            }
        });
        local.spawn(() -> {
            for (int i = 0; i < N; i++) {
                sink.tell(MESSAGE);
            }
        });
        local.runUntilDone();
    }

    /** The same with an unbounded mailbox: the producer yields every 1024 messages to let the consumer in. */
    @Benchmark
    @OperationsPerInvocation(N)
    public void coroToCoroOnOneLoopUnbounded() {
        ActorRef<Object> sink = Actors.named("sink").on(local).spawn((Inbox<Object> in) -> {
            for (int i = 0; i < N; i++) {
                in.receive();
            }
        });
        local.spawn(() -> {
            for (int i = 0; i < N; i++) {
                sink.tell(MESSAGE);
                if ((i & 1023) == 1023) {
                    Coro.yieldSlice();
                }
            }
        });
        local.runUntilDone();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void coroFromACoroOnAnotherLoop() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        ActorRef<Object> sink = CountingSinks.coro(Actors.named("sink").on(consumerLoop), N, done);
        producerLoop.spawn(() -> {
            for (int i = 0; i < N; i++) {
                sink.tell(MESSAGE);
            }
        });
        done.await();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void coroFromAPlatformThread() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        ActorRef<Object> sink = CountingSinks.coro(Actors.named("sink").on(consumerLoop), N, done);
        for (int i = 0; i < N; i++) {
            sink.tell(MESSAGE);
        }
        done.await();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void pekkoFromAPlatformThread() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        var sink = CountingSinks.pekko(pekko, "sink-" + ++names, N, done);
        for (int i = 0; i < N; i++) {
            sink.tell(MESSAGE);
        }
        done.await();
    }
}
