package io.shrapnel.benchmarks.kernel;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * N coros on one loop each sleep a random time up to 1 s; how late does each wake? Beside N plain
 * virtual threads doing Thread.sleep on the JDK's scheduler and timer threads.
 */
public final class SleepAccuracy {
    private SleepAccuracy() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        System.out.printf("sleepers: %,d, each sleeping a random time up to 1 s%n", n);
        long[] late = new long[n];
        Scheduler loop = Scheduler.create("sleepers");
        SplittableRandom random = new SplittableRandom(42);
        long[] naps = new long[n];
        for (int i = 0; i < n; i++) {
            naps[i] = random.nextLong(1_000_000_000L);
        }
        long t0 = System.nanoTime();
        loop.spawn(() -> {
            for (int i = 0; i < n; i++) {
                int me = i;
                Coro.spawn(() -> {
                    long deadline = System.nanoTime() + naps[me];
                    Coro.sleepUntil(deadline);
                    late[me] = System.nanoTime() - deadline;
                });
            }
        });
        loop.runUntilDone();
        long took = System.nanoTime() - t0;
        loop.close();
        report("coros (one loop)", late, took);

        long[] late2 = new long[n];
        CountDownLatch done = new CountDownLatch(n);
        AtomicInteger started = new AtomicInteger();
        long t1 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            int me = i;
            Thread.ofVirtual().start(() -> {
                started.incrementAndGet();
                long deadline = System.nanoTime() + naps[me];
                try {
                    Thread.sleep(Duration.ofNanos(naps[me]));
                } catch (InterruptedException e) {
                    return;
                }
                late2[me] = System.nanoTime() - deadline;
                done.countDown();
            });
        }
        done.await();
        report("virtual threads (Thread.sleep)", late2, System.nanoTime() - t1);
    }

    private static void report(String who, long[] late, long tookNanos) {
        long[] s = late.clone();
        Arrays.sort(s);
        System.out.printf("%-32s late by: median %.2f ms, p99 %.2f ms, max %.2f ms; all done in %.2f s%n", who,
                s[s.length / 2] / 1e6, s[(int) (s.length * 0.99)] / 1e6, s[s.length - 1] / 1e6, tookNanos / 1e9);
    }
}
