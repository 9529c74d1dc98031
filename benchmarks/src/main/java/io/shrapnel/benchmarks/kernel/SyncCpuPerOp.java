package io.shrapnel.benchmarks.kernel;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The scenarios of {@link FifoBenchmark} and {@link MutexBenchmark}, measured as this process's CPU
 * time per operation beside wall time. On a shared machine wall time mostly measures how many
 * time slices each side got (the virtual-thread peers run on two carrier threads, a loop on one);
 * CPU time per operation measures the work each design does for the same result.
 *
 * <p>Usage: {@code java --add-opens=java.base/java.lang=ALL-UNNAMED -cp benchmarks.jar
 * io.shrapnel.benchmarks.kernel.SyncCpuPerOp [rounds]}; prints the median of the rounds. A round
 * repeats the scenario for at least half a second (process CPU time ticks in 10 ms steps).
 */
public final class SyncCpuPerOp {
    private SyncCpuPerOp() {}

    private record Scenario(String name, int ops, Callable<?> run) {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        Coro.setLatencyWarning(Duration.ZERO); // the machine is shared: slices get long
        FifoBenchmark fifo = new FifoBenchmark();
        MutexBenchmark mutex = new MutexBenchmark();
        fifo.setUp();
        mutex.setUp();
        Scheduler floorLoop = Scheduler.create("floor");
        int items = FifoBenchmark.ITEMS;
        int locks = MutexBenchmark.OPS;
        List<Scenario> scenarios = List.of(
                // The floor under the fifo ping-pong: the same hand-offs as bare kernel waits.
                new Scenario("bare kernel wait ping-pong, coros (floor)", 2 * SwitchBenchmark.ROUNDS, () -> {
                    SwitchBenchmark.coroPingPong(floorLoop);
                    return null;
                }),
                new Scenario("fifo ping-pong, coros", items, fifo::fifoPingPongBetweenCoros),
                new Scenario("ArrayBlockingQueue ping-pong, virtual threads", items,
                        fifo::arrayBlockingQueuePingPongBetweenVirtualThreads),
                new Scenario("fifo stream bounded 1024, coros", items, fifo::fifoStreamBoundedBetweenCoros),
                new Scenario("fifo stream unbounded, coros", items, fifo::fifoStreamBetweenCoros),
                new Scenario("ArrayBlockingQueue(1024) stream, virtual threads", items,
                        fifo::arrayBlockingQueueStreamBetweenVirtualThreads),
                new Scenario("mutex uncontended, coro", locks, mutex::mutexUncontended),
                new Scenario("ReentrantLock uncontended, virtual thread", locks,
                        mutex::reentrantLockUncontendedVirtualThread),
                new Scenario("mutex contended (4, yield inside), coros", locks, mutex::mutexContended),
                new Scenario("ReentrantLock contended (4, yield inside), virtual threads", locks,
                        mutex::reentrantLockContendedVirtualThreads));
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf("%-60s %12s %12s%n", "scenario (median of " + rounds + " rounds)", "CPU ns/op", "wall ns/op");
        for (Scenario s : scenarios) {
            for (int i = 0; i < 20; i++) { // warm-up
                s.run.call();
            }
            List<Double> cpu = new ArrayList<>();
            List<Double> wall = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                long c0 = os.getProcessCpuTime();
                long w0 = System.nanoTime();
                long done = 0;
                do {
                    s.run.call();
                    done += s.ops;
                } while (System.nanoTime() - w0 < 500_000_000L);
                wall.add((System.nanoTime() - w0) / (double) done);
                cpu.add((os.getProcessCpuTime() - c0) / (double) done);
            }
            System.out.printf("%-60s %12.1f %12.1f%n", s.name, median(cpu), median(wall));
        }
        floorLoop.close();
        fifo.tearDown();
        mutex.tearDown();
    }

    private static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a[a.length / 2];
    }
}
