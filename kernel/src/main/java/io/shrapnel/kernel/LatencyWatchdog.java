package io.shrapnel.kernel;

import io.shrapnel.kernel.testing.TestClock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

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
 * system clock. It reads loop state racily and writes only each loop's watchdog fields. Its work is
 * one {@link Ticks#tick} after another, which tests call with a clock and loops of their own.
 */
final class LatencyWatchdog {
    static final long MIN_TICK = TimeUnit.MILLISECONDS.toNanos(1);
    static final long MAX_TICK = TimeUnit.MILLISECONDS.toNanos(50);
    static final long IDLE_TICK = TimeUnit.MILLISECONDS.toNanos(100);
    static final long CALM = TimeUnit.SECONDS.toNanos(2);
    /** Returned by {@link #scan} when there is nothing to watch: the watchdog idles {@link #IDLE_TICK}. */
    static final long IDLE = 0;
    private static volatile Thread thread;
    /** The watchdog thread's ticks: while it is behind them, the loops time each slice themselves. */
    private static final Ticks TICKS = new Ticks();

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
        return TICKS.behind();
    }

    /** A new threshold takes effect at once, not after the old tick (which may be 50 ms). Any thread. */
    static void thresholdChanged() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * One tick's work at {@code now}: shows each of {@code loops} that runs on the system clock what
     * it runs (the loop flags a slice seen for {@code threshold} or longer). Returns how long to park
     * until the next tick, or {@link #IDLE} if there is nothing to watch (no threshold, or no such
     * loop running). Watchdog thread (tests call it with their own times and loops).
     */
    static long scan(long now, long threshold, Iterable<Scheduler> loops) {
        if (threshold <= 0) {
            return IDLE;
        }
        boolean watching = false;
        for (Scheduler s : loops) {
            if (s.onSystemClock() && s.isRunning()) {
                s.watchLatency(now, threshold);
                watching = true;
            }
        }
        return watching ? tickFor(threshold) : IDLE;
    }

    /** The tick for a latency threshold: a tenth of it, between 1 and 50 ms. */
    static long tickFor(long threshold) {
        return Math.clamp(threshold / 10, MIN_TICK, MAX_TICK);
    }

    private static void run() {
        while (true) {
            TICKS.tick(Clock.system(), LockSupport::parkNanos, Scheduler.latencyThresholdNanos(), Scheduler.ALL);
        }
    }

    /**
     * The watchdog's ticks, and whether it keeps them: behind after a tick that woke more than half a
     * tick late, until it has kept its tick for {@link #CALM} on end.
     *
     * <p>Threading: {@link #tick} and {@link #woke} on the watchdog thread only; {@link #behind} any
     * thread.
     */
    static final class Ticks {
        private long lastLate;
        private volatile boolean behind;

        /**
         * One tick: {@link #scan} the loops at {@code clock}'s time, then park (through {@code park})
         * until the next tick, or {@link #IDLE_TICK} if there is nothing to watch, and note how late
         * the watchdog woke from a tick.
         */
        void tick(Clock clock, LongConsumer park, long threshold, Iterable<Scheduler> loops) {
            long now = clock.nanoTime();
            long tick = scan(now, threshold, loops);
            if (tick == IDLE) {
                // Nothing to watch: idle longer (a loop that starts wakes the watchdog: see watch()).
                park.accept(IDLE_TICK);
                return;
            }
            park.accept(tick);
            woke(now, tick, clock.nanoTime());
        }

        /** After a tick: parked at {@code parked} for {@code tick}, woke at {@code woke} (nanoTime). */
        void woke(long parked, long tick, long woke) {
            if (woke - parked - tick > tick / 2) {
                lastLate = woke;
                behind = true;
            } else if (behind && woke - lastLate > CALM) {
                behind = false;
            }
        }

        boolean behind() {
            return behind;
        }
    }
}
