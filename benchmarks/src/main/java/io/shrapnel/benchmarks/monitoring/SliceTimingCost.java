package io.shrapnel.benchmarks.monitoring;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import java.lang.management.ManagementFactory;

/**
 * What slice timing ({@code Scheduler.setSliceTiming}) costs a loop: two coros yielding to each
 * other (the shortest slices there are, so the clock read weighs most), rounds of off and on, CPU
 * per slice of the thread that runs the loop.
 *
 * <pre>SliceTimingCost SLICES_PER_PHASE ROUNDS</pre>
 */
public final class SliceTimingCost {
    private SliceTimingCost() {}

    public static void main(String[] args) throws Exception {
        long slices = Long.parseLong(args[0]);
        int rounds = Integer.parseInt(args[1]);
        var threads = ManagementFactory.getThreadMXBean();
        System.out.printf("%-6s %14s %18s%n", "timing", "ns CPU/slice", "histogram total");
        for (int r = 0; r <= rounds; r++) { // round 0 warms up
            for (boolean on : new boolean[] {false, true}) {
                Scheduler loop = Scheduler.create("slices");
                loop.setSliceTiming(on);
                loop.spawn("a", () -> {
                    Coro b = Coro.spawn("b", () -> {
                        for (long i = 0; i < slices / 2; i++) {
                            Coro.yieldSlice();
                        }
                    });
                    for (long i = 0; i < slices / 2; i++) {
                        Coro.yieldSlice();
                    }
                    b.join();
                });
                long c0 = threads.getCurrentThreadCpuTime();
                loop.runUntilDone(); // on this (platform) thread, whose CPU time is measured
                long cpu = threads.getCurrentThreadCpuTime() - c0;
                long total = loop.sliceHistogram().total();
                loop.close();
                if (r > 0) {
                    System.out.printf("%-6s %14.1f %18d%n", on ? "on" : "off", (double) cpu / slices, total);
                }
            }
        }
    }
}
