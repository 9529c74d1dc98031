package io.shrapnel.benchmarks.mysql;

import java.util.concurrent.atomic.LongAdder;

/**
 * The timing of a throughput cell, shared by both sides: clients run while {@link #running()}, and
 * count what they do with {@link #done()}; the caller's thread warms up, then takes the counts and
 * CPU at the start and end of the measured window.
 *
 * <p>Threading: {@code running} and the counter are read and written from any thread.
 */
final class Window {
    private final LongAdder ops = new LongAdder();
    private volatile boolean running = true;

    boolean running() {
        return running;
    }

    void done() {
        ops.increment();
    }

    /** Sleeps through warm-up and the measured window (this is a platform thread), then stops the clients. */
    ClientSide.Measured measure(long warmNanos, long measureNanos) throws InterruptedException {
        Thread.sleep(warmNanos / 1_000_000);
        long ops0 = ops.sum();
        long cpu0 = Cpu.processNanos();
        long t0 = System.nanoTime();
        Thread.sleep(measureNanos / 1_000_000);
        long ops1 = ops.sum();
        long cpu1 = Cpu.processNanos();
        long t1 = System.nanoTime();
        running = false;
        return new ClientSide.Measured(ops1 - ops0, t1 - t0, cpu1 - cpu0);
    }
}
