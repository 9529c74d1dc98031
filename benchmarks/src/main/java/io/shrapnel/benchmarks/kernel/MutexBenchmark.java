package io.shrapnel.benchmarks.kernel;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Mutex;
import io.shrapnel.kernel.Scheduler;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
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
 * {@link Mutex} between coros of one loop beside {@link ReentrantLock} between plain virtual
 * threads (the JDK's scheduler), doing the same work: uncontended lock/unlock in one thread of
 * control; and contended, four of them, each yielding while it holds the lock so that every
 * unlock finds waiters and hands the lock over.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1) // the JVM flags come from the host JVM (benchmarks/flags.sh)
@State(Scope.Benchmark)
public class MutexBenchmark {
    static final int OPS = 100_000;
    static final int CONTENDERS = 4;

    private Scheduler loop;
    private long counter;

    @Setup(Level.Trial)
    public void setUp() {
        loop = Scheduler.create("bench-mutex");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        loop.close();
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long mutexUncontended() {
        Mutex m = new Mutex();
        loop.spawn(() -> {
            for (int i = 0; i < OPS; i++) {
                m.lock();
                counter++;
                m.unlock();
            }
        });
        loop.runUntilDone();
        return counter;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long reentrantLockUncontendedVirtualThread() throws InterruptedException {
        ReentrantLock lock = new ReentrantLock();
        Thread t = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < OPS; i++) {
                lock.lock();
                counter++;
                lock.unlock();
            }
        });
        t.join();
        return counter;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long mutexContended() {
        Mutex m = new Mutex();
        for (int c = 0; c < CONTENDERS; c++) {
            loop.spawn(() -> {
                for (int i = 0; i < OPS / CONTENDERS; i++) {
                    m.lock();
                    counter++;
                    Coro.yieldSlice();
                    m.unlock();
                }
            });
        }
        loop.runUntilDone();
        return counter;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long reentrantLockContendedVirtualThreads() throws InterruptedException {
        ReentrantLock lock = new ReentrantLock();
        Thread[] ts = new Thread[CONTENDERS];
        for (int c = 0; c < CONTENDERS; c++) {
            ts[c] = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < OPS / CONTENDERS; i++) {
                    lock.lock();
                    counter++;
                    Thread.yield();
                    lock.unlock();
                }
            });
        }
        for (Thread t : ts) {
            t.join();
        }
        return counter;
    }
}
