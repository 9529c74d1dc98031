package io.shrapnel.benchmarks.monitoring;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.monitoring.Monitoring;
import java.time.Duration;

/**
 * How long {@code Monitoring.registerMBeans()} takes the first time in a fresh JVM (the JDK's own
 * first JMX work: the platform MBean server and its beans), and how long the calling loop is held
 * meanwhile: a ticker coro on the same loop yields in a row and records the longest gap between two
 * of its runs while the registration is under way.
 *
 * <pre>
 * RegisterMBeansTime coro      registers from a coro (the work runs off the loop)
 * RegisterMBeansTime thread    registers in a task posted to the loop (on the loop's thread: the loop is held)
 * RegisterMBeansTime none      no registration, the ticker alone for 3 s: the stalls the machine itself causes
 * </pre>
 *
 * Run each in its own JVM (benchmarks/run-monitoring.sh register): only the first call of a
 * process pays the JDK's start-up of JMX.
 */
public final class RegisterMBeansTime {
    private static volatile boolean registering = true;
    private static volatile long took;
    private static volatile long started = Long.MAX_VALUE;
    private static long longestAt;

    private RegisterMBeansTime() {}

    public static void main(String[] args) throws Exception {
        String how = args.length == 0 ? "coro" : args[0];
        Scheduler loop = Scheduler.create("register");
        long[] stats = new long[3]; // longest gap, gaps over 50 ms, ticks
        loop.spawn("ticker", () -> {
            long last = System.nanoTime();
            while (registering) {
                Coro.yieldSlice();
                long now = System.nanoTime();
                if (now - last > stats[0]) {
                    stats[0] = now - last;
                    longestAt = last - started;
                }
                stats[1] += now - last > 50_000_000 ? 1 : 0;
                stats[2]++;
                last = now;
            }
        });
        Runnable register = () -> {
            long t0 = System.nanoTime();
            started = t0;
            Monitoring.registerMBeans();
            took = System.nanoTime() - t0;
            registering = false;
        };
        loop.spawn("registrar", () -> {
            for (int i = 0; i < 100; i++) {
                Coro.yieldSlice(); // the ticker is running before the registration starts
            }
            switch (how) {
                case "coro" -> register.run();
                case "thread" -> loop.post(register);
                default -> {
                    Coro.sleep(Duration.ofSeconds(3));
                    registering = false;
                }
            }
        });
        loop.runUntilDone();
        System.out.printf("%-45s registerMBeans %7.1f ms; loop's longest stall %7.1f ms (began %.1f ms into it); "
                        + "stalls over 50 ms %3d; ticker runs %d%n",
                switch (how) {
                    case "coro" -> "from a coro:";
                    case "thread" -> "on the loop thread (a posted task):";
                    default -> "no registration (3 s of the ticker alone):";
                }, took / 1e6, stats[0] / 1e6, longestAt / 1e6, stats[1], stats[2]);
        loop.close();
    }
}
