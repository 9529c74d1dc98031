package io.shrapnel.kernel;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Notices coros that hold their loop too long, so that the loops need not read the clock around
 * every slice (on this kind of machine a {@code System.nanoTime()} is about a tenth of a switch).
 *
 * <p>Every tick (a tenth of the latency threshold, between 1 and 50 ms) it looks at each loop on the
 * system clock: which coro runs and how many slices the loop has finished. When the same slice has
 * been running since a tick at least a threshold ago, it flags that slice; the loop reads the clock
 * when the slice ends and prints {@code High Latency: (0.300s) for <coro ...>}. The figure counts from
 * the tick that first saw the slice, so it is at most one tick short; a slice shorter than the
 * threshold plus one tick may go unreported. Loops on a {@link TestClock} time every slice exactly
 * instead (virtual time costs nothing to read).
 *
 * <p>Threading: one daemon platform thread per JVM, started by the first loop that runs on the
 * system clock. It reads loop state racily and writes only each loop's watchdog fields.
 */
final class LatencyWatchdog {
    private static final long MIN_TICK = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_TICK = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long IDLE_TICK = TimeUnit.MILLISECONDS.toNanos(100);
    private static volatile Thread thread;

    private LatencyWatchdog() {}

    /**
     * Called by a loop that starts running: starts the watchdog thread, or wakes it if it idles
     * (so that the loop is watched from its first slice on). Any thread.
     */
    static void watch() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
            return;
        }
        synchronized (LatencyWatchdog.class) {
            if (thread == null) {
                thread = Thread.ofPlatform().daemon().name("shrapnel-latency-watchdog").start(LatencyWatchdog::run);
            }
        }
    }

    private static void run() {
        while (true) {
            long threshold = Scheduler.latencyThresholdNanos();
            if (threshold <= 0) {
                LockSupport.parkNanos(IDLE_TICK);
                continue;
            }
            long now = System.nanoTime();
            boolean watching = false;
            for (Scheduler s : Scheduler.ALL) {
                if (s.onSystemClock() && s.isRunning()) {
                    s.watchLatency(now, threshold);
                    watching = true;
                }
            }
            // No loop running: idle longer (a loop that starts wakes the watchdog: see watch()).
            LockSupport.parkNanos(watching ? Math.clamp(threshold / 10, MIN_TICK, MAX_TICK) : IDLE_TICK);
        }
    }
}
