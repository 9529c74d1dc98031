package io.shrapnel.benchmarks.kernel;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.internal.Waiter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
 * Ping-pong between two threads of control, one hand-off at a time: the cost of one switch.
 * Coros on one loop (kernel waits) beside plain virtual threads (the JDK's scheduler) and platform
 * threads doing the same with park/unpark.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1) // the JVM flags come from the host JVM (benchmarks/flags.sh)
@State(Scope.Benchmark)
public class SwitchBenchmark {
    public static final int ROUNDS = 100_000;

    private Scheduler loop;

    @Setup(Level.Trial)
    public void setUp() {
        loop = Scheduler.create("bench");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        loop.close();
    }

    /** Two coros on one loop handing a baton back and forth through kernel waits. */
    @Benchmark
    @OperationsPerInvocation(2 * ROUNDS)
    public void coroPingPong() {
        coroPingPong(loop);
    }

    /** A loop with the latency warning off: no clock read per slice. */
    @State(Scope.Benchmark)
    public static class QuietLoop {
        Scheduler loop;
        java.time.Duration previous;

        @Setup(Level.Trial)
        public void setUp() {
            previous = Coro.setLatencyWarning(java.time.Duration.ZERO);
            loop = Scheduler.create("bench-no-latency-warning");
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            loop.close();
            Coro.setLatencyWarning(previous);
        }
    }

    /** {@link #coroPingPong()} with the latency warning turned off. */
    @Benchmark
    @OperationsPerInvocation(2 * ROUNDS)
    public void coroPingPongLatencyWarningOff(QuietLoop quiet) {
        coroPingPong(quiet.loop);
    }

    /** A loop that also holds a registered, idle channel, as a server's loop does (a listener). */
    @State(Scope.Benchmark)
    public static class LoopWithChannel {
        Scheduler loop;
        java.nio.channels.Pipe pipe;
        io.shrapnel.kernel.Poller.Registration registration;

        @Setup(Level.Trial)
        public void setUp() throws java.io.IOException {
            loop = Scheduler.create("bench-with-channel");
            pipe = java.nio.channels.Pipe.open();
            pipe.source().configureBlocking(false);
            loop.spawn(() -> registration = loop.poller().register(pipe.source())); // on the loop's thread
            loop.runUntilDone();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws java.io.IOException {
            loop.spawn(() -> registration.close());
            loop.runUntilDone();
            pipe.sink().close();
            loop.close();
        }
    }

    /** {@link #coroPingPong()} on a loop with a registered channel: the cost of polling between passes. */
    @Benchmark
    @OperationsPerInvocation(2 * ROUNDS)
    public void coroPingPongBesideAChannel(LoopWithChannel withChannel) {
        coroPingPong(withChannel.loop);
    }

    /** The ping-pong of {@link #coroPingPong()} on {@code loop} (the profiler's benchmark reuses it). */
    public static void coroPingPong(Scheduler loop) {
        Waiter[] slot = new Waiter[2];
        for (int side = 0; side < 2; side++) {
            int me = side;
            loop.spawn(() -> {
                for (int i = 0; i < ROUNDS; i++) {
                    Waiter mine = Waiter.begin("baton");
                    slot[me] = mine;
                    Waiter other = slot[1 - me];
                    if (other != null) {
                        slot[1 - me] = null;
                        other.wake(null);
                    }
                    mine.await();
                }
                Waiter other = slot[1 - me];
                if (other != null) {
                    other.wake(null);
                }
            });
        }
        loop.runUntilDone();
    }

    /**
     * The floor: the same park/unpark hand-off between two virtual threads whose scheduler is a bare
     * run queue drained by the benchmark thread (no kernel: no states, no timers, no poller).
     */
    @Benchmark
    @OperationsPerInvocation(2 * ROUNDS)
    public void rawVirtualThreadOnOwnExecutorPingPong() {
        SwitchPairs.floorPingPong();
    }

    /** The same hand-off between two JDK virtual threads (default scheduler) with park/unpark. */
    @Benchmark
    @OperationsPerInvocation(2 * ROUNDS)
    public void virtualThreadPingPong() throws InterruptedException {
        pingPong(Thread.ofVirtual());
    }

    /** The same hand-off between two platform threads. */
    @Benchmark
    @OperationsPerInvocation(2 * ROUNDS)
    public void platformThreadPingPong() throws InterruptedException {
        pingPong(Thread.ofPlatform());
    }

    private static void pingPong(Thread.Builder builder) throws InterruptedException {
        SwitchPairs.Baton b = new SwitchPairs.Baton();
        Thread[] ts = new Thread[2];
        for (int side = 0; side < 2; side++) {
            int me = side;
            ts[side] = builder.unstarted(() -> {
                for (int i = 0; i < ROUNDS; i++) {
                    while (b.turn != me) {
                        LockSupport.park();
                    }
                    b.turn = 1 - me;
                    LockSupport.unpark(b.threads[1 - me]);
                }
            });
        }
        b.threads = ts;
        ts[0].start();
        ts[1].start();
        ts[0].join();
        ts[1].join();
    }
}
