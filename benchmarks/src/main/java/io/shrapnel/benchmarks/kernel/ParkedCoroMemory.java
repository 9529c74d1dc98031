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

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        System.out.printf("parked threads of control: %,d%n", n);
        System.out.flush();

        Scheduler loop = Scheduler.create("memory");
        List<Waiter> waiters = new ArrayList<>(n);
        long before = usedAfterGc();
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
        Coro.setLatencyWarning(java.time.Duration.ZERO); // spawning a million in one slice is the point
        loop.run();
        long coros = usedAfterGc() - before - (long) n * 4; // minus the list's own references
        System.out.printf("coro parked in a kernel wait: %d bytes each (%d coros alive)%n", coros / n, loop.liveCoros());
        loop.spawn(() -> {
            for (Waiter w : waiters) {
                w.wake(null);
            }
        });
        loop.runUntilDone();
        waiters.clear();
        loop.close();

        long before2 = usedAfterGc();
        CountDownLatch parked = new CountDownLatch(n);
        Thread[] threads = new Thread[n];
        for (int i = 0; i < n; i++) {
            threads[i] = Thread.ofVirtual().start(() -> {
                parked.countDown();
                LockSupport.park();
            });
        }
        parked.await();
        long vts = usedAfterGc() - before2 - (long) n * 4;
        System.out.printf("plain virtual thread parked:   %d bytes each%n", vts / n);
        System.out.printf("ratio coro / virtual thread:   %.2f%n", (double) coros / vts);
        for (Thread t : threads) {
            LockSupport.unpark(t);
        }
        for (Thread t : threads) {
            t.join();
        }
    }
}
