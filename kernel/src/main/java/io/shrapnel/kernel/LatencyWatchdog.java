package io.shrapnel.kernel;

import io.shrapnel.kernel.testing.TestClock;
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
 * threshold plus one tick may go unreported.
 *
 * <p>That bound holds only while the watchdog keeps its tick. On a loaded machine its thread may wake
 * tens of milliseconds late, and a slice it first sees late would be reported short, or not at all.
 * So it watches its own punctuality: after a tick that came more than half a tick late it declares
 * itself {@link #isBehind() behind}, and the loops then time every slice they start on their own
 * clock (one clock read per slice; about 100 ns on these VMs, which is why it is not always done)
 * until the watchdog has kept its tick for {@link #CALM} on end. The slice that was running when it
 * fell behind can still be reported short (or, if shorter than the threshold plus the delay, not at
 * all): nothing recorded when it started.
 * Loops on a {@link TestClock} always time every slice exactly (virtual time costs nothing to read).
 *
 * <p>Threading: one daemon platform thread per JVM, started by the first loop that runs on the
 * system clock. It reads loop state racily and writes only each loop's watchdog fields.
 */
final class LatencyWatchdog {
    private static final long MIN_TICK = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_TICK = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long IDLE_TICK = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long CALM = TimeUnit.SECONDS.toNanos(2);
    private static volatile Thread thread;
    /** Set by the watchdog while it cannot keep its tick: the loops time each slice themselves. */
    private static volatile boolean behind;

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

    /** True while the watchdog wakes late (see the class comment); loops then time every slice. Any thread. */
    static boolean isBehind() {
        return behind;
    }

    /** A new threshold takes effect at once, not after the old tick (which may be 50 ms). Any thread. */
    static void thresholdChanged() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    private static void run() {
        long lastLate = 0;
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
            if (!watching) {
                // No loop running: idle longer (a loop that starts wakes the watchdog: see watch()).
                LockSupport.parkNanos(IDLE_TICK);
                continue;
            }
            long tick = Math.clamp(threshold / 10, MIN_TICK, MAX_TICK);
            LockSupport.parkNanos(tick);
            long woke = System.nanoTime();
            if (woke - now - tick > tick / 2) {
                lastLate = woke;
                behind = true;
            } else if (behind && woke - lastLate > CALM) {
                behind = false;
            }
        }
    }
}
