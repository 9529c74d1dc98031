package io.shrapnel.kernel;

import io.shrapnel.kernel.internal.Waiter;
import io.shrapnel.kernel.testing.TestClock;
import java.time.Duration;

/**
 * Runs the kernel's wait paths a few tens of thousands of times, once per JVM, before the first
 * real loop exists.
 *
 * <p>Why: a coro parked in a wait is a frozen stack of compiled frames. If the JIT compiles a
 * kernel method while every coro is still parking (say a million coros going to sleep before any
 * has woken), the code after the park has no profile, C2 prunes it with an uncommon trap, and the
 * first coro to wake invalidates that compiled method; then every other parked coro deoptimizes
 * its frame when it resumes (measured: ~50 us per coro, 1 M sleepers took a minute). The same
 * holds for the frames under every coro's body (the JDK's continuation entry, {@code Coro.run}):
 * compiled while only coros that were joined had ended, the first coro that ends unjoined
 * invalidated them, and a million sleepers woke in 15 s instead of 3 (in about half the runs). With
 * both outcomes of every branch seen here first, the compiled code is stable. Off with
 * {@code -Dshrapnel.warmup=false}.
 *
 * <p>Threading: runs on a private platform thread with a private loop on a virtual clock.
 */
final class JitWarmup {
    private static final int ROUNDS = 25_000;
    private static final Once ONCE = new Once();

    private JitWarmup() {}

    static void once() {
        ONCE.run("shrapnel.warmup", JitWarmup::run);
    }

    private static void run() {
        warmUp(ROUNDS);
    }

    /**
     * The warm-up itself: each path {@code rounds} times (a fifth of that for the coros' ends), on a
     * private loop on a virtual clock, with a notifier that counts the coros' failures instead of
     * reporting them. Leaves nothing behind: the loop has no coro or timer left and is closed, and the
     * notifier is the one set before. Returns what it exercised.
     */
    static Exercised warmUp(int rounds) {
        TestClock clock = new TestClock();
        long start = clock.nanoTime();
        Scheduler s = Scheduler.createUnregistered("warmup", clock);
        Counts n = new Counts();
        ExceptionNotifier quiet = Reporting.setNotifier((c, e) -> n.failures++);
        try {
            Waiter[] slot = new Waiter[2];
            for (int side = 0; side < 2; side++) {
                int me = side;
                s.spawn(() -> {
                    for (int i = 0; i < rounds; i++) {
                        Waiter mine = Waiter.begin("warmup");
                        slot[me] = mine;
                        Waiter other = slot[1 - me];
                        if (other != null) {
                            slot[1 - me] = null;
                            other.wake(null);
                        }
                        mine.await();
                        n.handoffs++;
                    }
                    Waiter other = slot[1 - me];
                    if (other != null) {
                        other.wake(null);
                    }
                });
            }
            s.spawn(() -> {
                for (int i = 0; i < rounds; i++) {
                    Coro.sleep(Duration.ofNanos(i % 7));
                    int v = i;
                    n.values += Coro.withTimeout(Duration.ofSeconds(1), () -> v);
                    if (i % 10 == 0) {
                        try {
                            Coro.withTimeout(Duration.ZERO, () -> Coro.sleep(Duration.ofSeconds(1)));
                        } catch (TimeoutError expected) {
                            n.timeouts++; // the timeout path is part of the warm-up
                        }
                    }
                    Coro.yieldSlice();
                }
            });
            s.spawn(() -> {
                // Coros that end in every way a real one does: joined or not, after parking or
                // without, normally or by an exception. See the class comment: the code after a
                // body returns is compiled while a program's first coros run, and a million
                // coros parked in frames compiled for one way of ending all deoptimize when they
                // end another way.
                for (int i = 0; i < rounds / 5; i++) {
                    Coro joined = Coro.spawn(() -> {
                        Coro.sleep(Duration.ofNanos(1));
                        n.ended++;
                    });
                    Coro.spawn(() -> {
                        Coro.sleep(Duration.ofNanos(1));
                        n.ended++;
                    });
                    Coro.spawn(() -> n.ended++);
                    n.coros += 3;
                    if (i % 16 == 0) {
                        n.coros++;
                        Coro.spawn(() -> {
                            throw new IllegalStateException("warm-up");
                        });
                    }
                    joined.join();
                    n.joined += joined.isDead() ? 1 : 0;
                }
            });
            s.runUntilDone();
            return new Exercised(n.handoffs, n.values, n.timeouts, n.coros, n.ended, n.joined, n.failures,
                    clock.nanoTime() - start, s.stats(), s);
        } finally {
            Reporting.setNotifier(quiet == Reporting.DEFAULT_NOTIFIER ? null : quiet);
            s.close();
        }
    }

    /** What the warm-up's coros did so far. Threading: its loop's thread only. */
    private static final class Counts {
        long handoffs;
        long values;
        long timeouts;
        long coros;
        long ended;
        long joined;
        long failures;
    }

    /**
     * What one {@link #warmUp} exercised.
     *
     * @param handoffs waits ended by the other side of the ping-pong (two per round)
     * @param values the sum of the values returned through {@code withTimeout}
     * @param timeouts timeouts that went off (one round in ten)
     * @param coros coros spawned to end (joined, unjoined, empty, failing)
     * @param ended those that returned normally
     * @param joined joins after which the joined coro was done
     * @param failures coros that failed (reported to the warm-up's notifier)
     * @param virtualNanos the virtual time the warm-up took
     * @param stats the warm-up loop's counters when its last coro had ended
     * @param loop the warm-up loop (closed)
     */
    record Exercised(long handoffs, long values, long timeouts, long coros, long ended, long joined,
                     long failures, long virtualNanos, Scheduler.Stats stats, Scheduler loop) {}

    /** Runs a piece of work once, on a thread of its own, and waits for it. Threading: any thread. */
    static final class Once {
        private volatile boolean done;

        /**
         * The first time, unless the system property {@code switchProperty} is "false": runs
         * {@code work} on a platform thread named "shrapnel-warmup" and waits for it to end (an
         * interrupt cuts the wait short and is kept). Returns true if this call ran it.
         */
        boolean run(String switchProperty, Runnable work) {
            if (done || !Boolean.parseBoolean(System.getProperty(switchProperty, "true"))) {
                return false;
            }
            synchronized (this) {
                if (done) {
                    return false;
                }
                done = true;
                Thread t = Thread.ofPlatform().name("shrapnel-warmup").unstarted(work);
                t.start();
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return true;
            }
        }
    }
}
