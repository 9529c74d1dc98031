package io.shrapnel.benchmarks.kernel;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Latch;
import io.shrapnel.kernel.OneShot;
import io.shrapnel.kernel.Scheduler;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The floor under {@link SleepAccuracy}: how fast can one carrier thread resume N parked threads of
 * control and let each end, with no timer involved? N coros on one loop wait on one {@link Latch};
 * opening it makes all N runnable at once, and the time from the open to the last coro running (and
 * the loop's CPU time for it) is what waking and ending costs per coro. Beside it, the JDK alone: N
 * virtual threads in {@code LockSupport.park} on the JDK's scheduler with one carrier, all unparked by
 * one platform thread.
 *
 * <p>If the loop cannot resume a million parked coros in under a second with no timer at all, no
 * timer design can wake a million sleepers due within one second less than that late. Run:
 *
 * <p>{@code random} as the third argument wakes them in a random order instead of the order they
 * were made (each coro then waits on a {@link OneShot} of its own, signalled in a shuffled order; the
 * virtual threads are unparked in the same order). That is the order {@link SleepAccuracy}'s random
 * deadlines wake its sleepers in: each resume then touches a stack far from the last one's, so
 * the caches help less than when the wakes walk memory in the order it was allocated.
 *
 * <pre>java -Xms12g -Xmn8g -Djdk.virtualThreadScheduler.parallelism=1 -Djdk.virtualThreadScheduler.maxPoolSize=1 \
 *   [shrapnel JVM flags] -cp benchmarks.jar io.shrapnel.benchmarks.kernel.WakeFloor 1000000 [rounds] [random]</pre>
 */
public final class WakeFloor {
    private static final int SPAWN_BATCH = 1000;

    private WakeFloor() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int[] order = args.length > 2 && args[2].equals("random") ? shuffled(n) : null;
        System.out.printf("wake floor: %,d parked, woken at once, %s, %d rounds each%n", n,
                order == null ? "in the order they were made" : "in a random order", rounds);
        for (int r = 1; r <= rounds; r++) {
            coros(n, order);
            virtualThreads(n, order);
        }
    }

    /** A random permutation of 0..n-1 (fixed seed: the same order every run). */
    private static int[] shuffled(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Random rnd = new java.util.Random(42);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /**
     * N coros on one loop, then the wake: with {@code order} null all wait on one {@link Latch} that
     * opens at once; otherwise each waits on a {@link OneShot} of its own, signalled in {@code order}.
     */
    private static void coros(int n, int[] order) throws Exception {
        Scheduler loop = Scheduler.create("wake-floor");
        Latch gate = new Latch(1);
        @SuppressWarnings("unchecked")
        OneShot<Boolean>[] shots = order == null ? null : new OneShot[n];
        AtomicInteger parked = new AtomicInteger();
        long[] opened = new long[1];
        long[] lastRan = new long[1];
        long[] loopCpu = new long[2];
        // The loop runs on this thread (runUntilDone below); its CPU time is read by id, also from
        // inside a coro, where "the current thread" is the coro's virtual thread, not the carrier.
        long carrier = Thread.currentThread().threadId();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        loop.spawn(() -> {
            for (int i = 0; i < n; i++) {
                OneShot<Boolean> shot = shots == null ? null : (shots[i] = new OneShot<>());
                Coro.spawn(() -> {
                    parked.incrementAndGet();
                    if (shot == null) {
                        gate.await();
                    } else {
                        shot.await();
                    }
                    lastRan[0] = System.nanoTime();
                });
                if (i % SPAWN_BATCH == SPAWN_BATCH - 1) {
                    Coro.yieldSlice();
                }
            }
            while (parked.get() < n) {
                Coro.yieldSlice();
            }
            Coro.yieldSlice(); // the last ones reach their await
            System.gc(); // the spawn's garbage is not the wake's
            loopCpu[0] = cpu.getThreadCpuTime(carrier);
            opened[0] = System.nanoTime();
            if (shots == null) {
                gate.countDown();
            } else {
                for (int i : order) {
                    shots[i].signal(Boolean.TRUE);
                }
            }
        });
        loop.runUntilDone();
        loopCpu[1] = cpu.getThreadCpuTime(carrier);
        loop.close();
        long took = lastRan[0] - opened[0];
        System.out.printf("coros, one loop%s: last ran %.3f s after the open; loop CPU %.3f s, %.2f us per coro%n",
                order == null ? "" : ", random order", took / 1e9, (loopCpu[1] - loopCpu[0]) / 1e9,
                (loopCpu[1] - loopCpu[0]) / 1e3 / n);
    }

    private static void virtualThreads(int n, int[] order) throws Exception {
        Thread[] threads = new Thread[n];
        CountDownLatch parked = new CountDownLatch(n);
        CountDownLatch done = new CountDownLatch(n);
        long[] lastRan = new long[1];
        Thread.Builder.OfVirtual b = Thread.ofVirtual();
        for (int i = 0; i < n; i++) {
            threads[i] = b.start(() -> {
                parked.countDown();
                while (!released) {
                    LockSupport.park();
                }
                lastRan[0] = System.nanoTime(); // one carrier: no race
                done.countDown();
            });
        }
        parked.await();
        System.gc();
        long opened = System.nanoTime();
        released = true;
        if (order == null) {
            for (Thread t : threads) {
                LockSupport.unpark(t);
            }
        } else {
            for (int i : order) {
                LockSupport.unpark(threads[i]);
            }
        }
        long unparked = System.nanoTime();
        done.await();
        released = false;
        System.out.printf("virtual threads, one carrier" + (order == null ? "" : ", random order") + ": last ran %.3f s after the first unpark (unparking took %.3f s)%n",
                (lastRan[0] - opened) / 1e9, (unparked - opened) / 1e9);
    }

    private static volatile boolean released;
}
