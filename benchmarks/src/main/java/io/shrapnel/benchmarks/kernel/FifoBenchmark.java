package io.shrapnel.benchmarks.kernel;

import io.shrapnel.kernel.Fifo;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.Semaphore;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
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
 * Items handed from one thread of control to another: {@link Fifo} between two coros of one loop
 * beside {@link ArrayBlockingQueue} (capacity 1024) between two plain virtual threads. Two shapes:
 * a stream (one side pushes everything, the other pops everything) and a ping-pong (each item goes
 * there and back through two queues, so every hand-off is a switch). The fifo is unbounded, so the
 * stream is measured twice: as it is (the producer never has to park), and bounded to 1024 items in
 * flight like the queue, by a {@link Semaphore} the producer acquires and the consumer releases
 * (the original's idiom for bounding a writer coro's backlog).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1) // the JVM flags come from the host JVM (benchmarks/flags.sh)
@State(Scope.Benchmark)
public class FifoBenchmark {
    static final int ITEMS = 100_000;
    static final int CAPACITY = 1024;
    private static final Object ITEM = new Object();

    private Scheduler loop;

    @Setup(Level.Trial)
    public void setUp() {
        loop = Scheduler.create("bench-fifo");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        loop.close();
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public int fifoStreamBetweenCoros() {
        Fifo<Object> f = new Fifo<>();
        int[] got = {0};
        loop.spawn(() -> {
            for (int i = 0; i < ITEMS; i++) {
                if (f.pop() == ITEM) {
                    got[0]++;
                }
            }
        });
        loop.spawn(() -> {
            for (int i = 0; i < ITEMS; i++) {
                f.push(ITEM);
            }
        });
        loop.runUntilDone();
        return got[0];
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public int fifoStreamBoundedBetweenCoros() {
        Fifo<Object> f = new Fifo<>();
        Semaphore window = new Semaphore(CAPACITY);
        int[] got = {0};
        loop.spawn(() -> {
            for (int i = 0; i < ITEMS; i++) {
                if (f.pop() == ITEM) {
                    got[0]++;
                }
                window.release();
            }
        });
        loop.spawn(() -> {
            for (int i = 0; i < ITEMS; i++) {
                window.acquire();
                f.push(ITEM);
            }
        });
        loop.runUntilDone();
        return got[0];
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public int arrayBlockingQueueStreamBetweenVirtualThreads() throws InterruptedException {
        ArrayBlockingQueue<Object> q = new ArrayBlockingQueue<>(CAPACITY);
        int[] got = {0};
        Thread consumer = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < ITEMS; i++) {
                    if (q.take() == ITEM) {
                        got[0]++;
                    }
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread producer = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < ITEMS; i++) {
                    q.put(ITEM);
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        producer.join();
        consumer.join();
        return got[0];
    }

    /** One op = one hand-off (an item crossing from one side to the other). */
    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public int fifoPingPongBetweenCoros() {
        Fifo<Object> there = new Fifo<>();
        Fifo<Object> back = new Fifo<>();
        int[] got = {0};
        loop.spawn(() -> {
            for (int i = 0; i < ITEMS / 2; i++) {
                back.push(there.pop());
            }
        });
        loop.spawn(() -> {
            for (int i = 0; i < ITEMS / 2; i++) {
                there.push(ITEM);
                if (back.pop() == ITEM) {
                    got[0]++;
                }
            }
        });
        loop.runUntilDone();
        return got[0];
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public int arrayBlockingQueuePingPongBetweenVirtualThreads() throws InterruptedException {
        ArrayBlockingQueue<Object> there = new ArrayBlockingQueue<>(CAPACITY);
        ArrayBlockingQueue<Object> back = new ArrayBlockingQueue<>(CAPACITY);
        int[] got = {0};
        Thread echo = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < ITEMS / 2; i++) {
                    back.put(there.take());
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread sender = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < ITEMS / 2; i++) {
                    there.put(ITEM);
                    if (back.take() == ITEM) {
                        got[0]++;
                    }
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        sender.join();
        echo.join();
        return got[0];
    }
}
