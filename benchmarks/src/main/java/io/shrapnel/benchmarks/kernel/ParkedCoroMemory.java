package io.shrapnel.benchmarks.kernel;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.internal.Waiter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * Heap per parked coro: N coros each parked in a kernel wait, heap used after GC divided by N;
 * beside N plain virtual threads parked in LockSupport.park (the peer), in the same JVM.
 *
 * <pre>java -Xmx4g -jar benchmarks/target/benchmarks.jar ... (see benchmarks/run-kernel.sh)</pre>
 */
public final class ParkedCoroMemory {
    private ParkedCoroMemory() {}

    static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * With {@code -Dparked.histogram=true}: the classes that hold at least a tenth of a byte per
     * parked thread of control ({@code jcmd GC.class_histogram} of this JVM), bytes per thread each.
     */
    static void histogram(String what, int n) throws Exception {
        if (!Boolean.getBoolean("parked.histogram")) {
            return;
        }
        String jcmd = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process p = new ProcessBuilder(jcmd, Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
                .redirectErrorStream(true).start();
        String[] lines = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n");
        p.waitFor();
        System.out.println("  heap by class with " + what + " parked (bytes per thread of control, instances per thread):");
        for (String l : lines) {
            String[] f = l.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":") && Long.parseLong(f[2]) * 10 >= n) {
                System.out.printf("  %8.1f B %6.2f  %s%n", Long.parseLong(f[2]) / (double) n, Long.parseLong(f[1]) / (double) n, f[3]);
            }
        }
    }

    /** Spawns {@code n} coros on {@code loop} that each park in a kernel wait; returns once all wait. */
    private static List<Waiter> parkCoros(Scheduler loop, int n) {
        List<Waiter> waiters = new ArrayList<>(n);
        loop.spawn(() -> {
            for (int i = 0; i < n; i++) {
                Coro.spawn(() -> {
                    Waiter w = Waiter.begin("parked");
                    waiters.add(w);
                    w.await();
                });
            }
            while (waiters.size() < n) {
                Coro.yieldSlice(); // until every coro has run up to its wait
            }
            Coro.setExit(0);
        });
        loop.run();
        return waiters;
    }

    private static void wakeAll(Scheduler loop, List<Waiter> waiters) {
        loop.spawn(() -> {
            for (Waiter w : waiters) {
                w.wake(null);
            }
        });
        loop.runUntilDone();
        waiters.clear();
    }

    /** Starts {@code n} plain virtual threads that each park; returns once all are about to park. */
    private static Thread[] parkThreads(int n) throws InterruptedException {
        CountDownLatch parked = new CountDownLatch(n);
        Thread[] threads = new Thread[n];
        for (int i = 0; i < n; i++) {
            threads[i] = Thread.ofVirtual().start(() -> {
                parked.countDown();
                LockSupport.park();
            });
        }
        parked.await();
        return threads;
    }

    private static void unparkAll(Thread[] threads) throws InterruptedException {
        for (Thread t : threads) {
            LockSupport.unpark(t);
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    /**
     * Args: the number of parked coros (and threads). With {@code -Dparked.warm=R}, R rounds of up
     * to 100,000 park-and-wake on each side first, the sides alternating, so that the measured
     * frames are compiled ones and both sides are measured with the same compiled JDK code (without,
     * the first coros of the run park in interpreted frames, about twice as large; and when each side
     * warmed up just before its own measure, the JDK's {@code VirtualThread.run}, compiled while only
     * coros ran, was thrown away when the threads' side began, so the two sides parked in
     * differently compiled frames and the difference moved by ±100 B from JVM to JVM). With
     * {@code -Dparked.rounds=K}, K measured rounds, each side in turn, and the median of the K
     * differences.
     */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int warm = Integer.getInteger("parked.warm", 0);
        int rounds = Math.max(1, Integer.getInteger("parked.rounds", 1));
        System.out.printf("parked threads of control: %,d%s%n", n, warm > 0 ? " after " + warm + " warm rounds" : "");
        System.out.flush();

        Scheduler loop = Scheduler.create("memory");
        Coro.setLatencyWarning(java.time.Duration.ZERO); // spawning a million in one slice is the point
        long[] differences = new long[rounds];
        for (int w = 0; w < warm; w++) {
            wakeAll(loop, parkCoros(loop, Math.min(n, 100_000)));
            unparkAll(parkThreads(Math.min(n, 100_000)));
        }
        for (int r = 0; r < rounds; r++) {
            long before = usedAfterGc();
            List<Waiter> waiters = parkCoros(loop, n);
            long coros = usedAfterGc() - before - (long) n * 4; // minus the list's own references
            System.out.printf("coro parked in a kernel wait: %d bytes each (%d coros alive)%n", coros / n, loop.liveCoros());
            histogram("coros", n);
            wakeAll(loop, waiters);

            long before2 = usedAfterGc();
            Thread[] threads = parkThreads(n);
            long vts = usedAfterGc() - before2 - (long) n * 4;
            System.out.printf("plain virtual thread parked:   %d bytes each%n", vts / n);
            histogram("virtual threads", n);
            differences[r] = (coros - vts) / n;
            System.out.printf("ratio coro / virtual thread:   %.2f (coro - virtual thread: %+d B)%n", (double) coros / vts, differences[r]);
            unparkAll(threads);
        }
        loop.close();
        if (rounds > 1) {
            java.util.Arrays.sort(differences);
            System.out.printf("coro - virtual thread over %d rounds: median %+d B (least %+d, most %+d)%n",
                    rounds, differences[rounds / 2], differences[0], differences[rounds - 1]);
        }
    }
}
