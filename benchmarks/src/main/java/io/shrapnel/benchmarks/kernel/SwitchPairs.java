package io.shrapnel.benchmarks.kernel;

import io.shrapnel.kernel.Scheduler;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;

/**
 * The switch benchmark's ratio taken pair by pair: five coro ping-pongs then five ping-pongs of the
 * floor (two virtual threads on a bare executor), {@code pairs} times in one JVM, and the median of
 * the ratios. On a VM whose speed drifts by 10–30% between JMH iterations, the two scores drift
 * together, so their ratio per pair is steadier than the ratio of two averages.
 *
 * <pre>java --add-opens=java.base/java.lang=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     io.shrapnel.benchmarks.kernel.SwitchPairs 40</pre>
 */
public final class SwitchPairs {
    private static final int PER_SIDE = 5;
    private static final int WARM_PAIRS = 30;

    private SwitchPairs() {}

    /** Whose turn it is, and the two threads of a ping-pong (shared with {@link SwitchBenchmark}). */
    static final class Baton {
        volatile int turn;
        volatile Thread[] threads;
    }

    /** The floor of {@link SwitchBenchmark#rawVirtualThreadOnOwnExecutorPingPong()}. */
    static void floorPingPong() {
        ArrayDeque<Runnable> queue = new ArrayDeque<>();
        Executor executor = queue::add;
        Baton b = new Baton();
        Thread[] ts = new Thread[2];
        for (int side = 0; side < 2; side++) {
            int me = side;
            ts[side] = RawVirtualThreads.newThread(executor, () -> {
                for (int i = 0; i < SwitchBenchmark.ROUNDS; i++) {
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
        Runnable r;
        while ((r = queue.poll()) != null) {
            r.run();
        }
    }

    public static void main(String[] args) {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        double perSwitch = PER_SIDE * 2.0 * SwitchBenchmark.ROUNDS;
        try (Scheduler loop = Scheduler.create("switch-pairs")) {
            for (int i = 0; i < WARM_PAIRS; i++) {
                SwitchBenchmark.coroPingPong(loop);
                floorPingPong();
            }
            double[] coro = new double[pairs];
            double[] floor = new double[pairs];
            double[] ratio = new double[pairs];
            for (int p = 0; p < pairs; p++) {
                long t0 = System.nanoTime();
                for (int k = 0; k < PER_SIDE; k++) {
                    SwitchBenchmark.coroPingPong(loop);
                }
                long t1 = System.nanoTime();
                for (int k = 0; k < PER_SIDE; k++) {
                    floorPingPong();
                }
                long t2 = System.nanoTime();
                coro[p] = (t1 - t0) / perSwitch;
                floor[p] = (t2 - t1) / perSwitch;
                ratio[p] = coro[p] / floor[p];
            }
            Arrays.sort(coro);
            Arrays.sort(floor);
            Arrays.sort(ratio);
            System.out.printf("switch, %d pairs: coro median %.1f ns (fastest %.1f), floor median %.1f ns (fastest %.1f); "
                            + "ratio median %.3f (quartiles %.3f-%.3f)%n", pairs, coro[pairs / 2], coro[0],
                    floor[pairs / 2], floor[0], ratio[pairs / 2], ratio[pairs / 4], ratio[3 * pairs / 4]);
        }
    }
}
