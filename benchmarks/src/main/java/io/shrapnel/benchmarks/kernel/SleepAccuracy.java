package io.shrapnel.benchmarks.kernel;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N coros on one loop asleep at once, their deadlines spread at random over one second: how late
 * does each wake? Beside N plain virtual threads doing {@code Thread.sleep} to the same deadlines on
 * the JDK's scheduler and timer threads.
 *
 * <p>Every sleeper is spawned and asleep before the first deadline (the second that begins
 * {@code SETUP} after the start), so the measure is the loop's timers, not how fast a million coros
 * can be spawned: each deadline is {@code start + SETUP + a random time up to 1 s}. The run says if
 * the setup overran (some sleeper fell asleep after the first deadline), which would make the
 * numbers meaningless.
 */
public final class SleepAccuracy {
    private static final long SETUP = Duration.ofSeconds(3).toNanos();
    private static final long SPREAD = Duration.ofSeconds(1).toNanos();
    /** Sleepers spawned per slice of the spawning coro, so that spawning does not hold the loop. */
    private static final int SPAWN_BATCH = 1000;

    private SleepAccuracy() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        System.out.printf("sleepers: %,d, asleep at once, deadlines spread over 1 s%n", n);
        long[] offsets = new long[n];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < n; i++) {
            offsets[i] = random.nextLong(SPREAD);
        }

        long[] late = new long[n];
        AtomicLong lastAsleep = new AtomicLong();
        Scheduler loop = Scheduler.create("sleepers");
        long start = System.nanoTime();
        long first = start + SETUP;
        loop.spawn(() -> {
            for (int i = 0; i < n; i++) {
                int me = i;
                Coro.spawn(() -> {
                    long deadline = first + offsets[me];
                    lastAsleep.set(System.nanoTime());
                    Coro.sleepUntil(deadline);
                    late[me] = System.nanoTime() - deadline;
                });
                if (i % SPAWN_BATCH == SPAWN_BATCH - 1) {
                    Coro.yieldSlice();
                }
            }
        });
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuBefore = cpu.getCurrentThreadCpuTime();
        loop.runUntilDone();
        long took = System.nanoTime() - first;
        long loopCpu = cpu.getCurrentThreadCpuTime() - cpuBefore;
        loop.close();
        report("coros (one loop)", late, took, lastAsleep.get() - first);
        // The loop's own CPU time for the whole run (spawn, sleep, wake, end), per sleeper: unlike the
        // lateness, it does not depend on how much of a core a busy machine left the loop.
        System.out.printf("coros: the loop thread's CPU time, spawn to last wake: %.2f s, %.2f us per sleeper%n",
                loopCpu / 1e9, loopCpu / 1e3 / n);
        if (Boolean.getBoolean("sleepers.coros.only")) {
            return;
        }

        long[] late2 = new long[n];
        AtomicLong lastAsleep2 = new AtomicLong();
        CountDownLatch done = new CountDownLatch(n);
        long start2 = System.nanoTime();
        long first2 = start2 + SETUP;
        for (int i = 0; i < n; i++) {
            int me = i;
            Thread.ofVirtual().start(() -> {
                long deadline = first2 + offsets[me];
                long now = System.nanoTime();
                lastAsleep2.accumulateAndGet(now, Math::max);
                try {
                    Thread.sleep(Duration.ofNanos(deadline - now));
                } catch (InterruptedException e) {
                    return;
                }
                late2[me] = System.nanoTime() - deadline;
                done.countDown();
            });
        }
        done.await();
        report("virtual threads (Thread.sleep)", late2, System.nanoTime() - first2, lastAsleep2.get() - first2);
    }

    private static void report(String who, long[] late, long tookNanos, long lastAsleepAfterFirstDeadline) {
        long[] s = late.clone();
        Arrays.sort(s);
        System.out.printf("%-32s late by: median %.2f ms, p99 %.2f ms, max %.2f ms; last woke %.2f s after the first deadline%s%n",
                who, s[s.length / 2] / 1e6, s[(int) (s.length * 0.99)] / 1e6, s[s.length - 1] / 1e6, tookNanos / 1e9,
                lastAsleepAfterFirstDeadline > 0
                        ? String.format(" (SETUP OVERRAN: the last sleeper fell asleep %.2f s after the first deadline)",
                                lastAsleepAfterFirstDeadline / 1e9)
                        : "");
    }
}
