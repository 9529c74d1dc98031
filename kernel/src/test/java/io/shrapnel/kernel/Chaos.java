package io.shrapnel.kernel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Randomised stress for the primitives: worker coros take random steps (random pauses, random
 * short timeouts) while a chaos coro interrupts random workers at random moments. Everything runs
 * on one virtual-time loop and draws from one seeded {@link Random}, so a seed replays exactly.
 *
 * <p>All random times are whole ticks of 100 µs, so timers often fall due in the same pass: the
 * chaos coro then runs between other coros' steps (after a wake, before the woken coro's turn),
 * which is where the races of a primitive are.
 *
 * <p>After a given number of steps the run turns calm: no interrupts and no timeouts, so a wakeup
 * lost earlier leaves a coro parked for good, and the run fails on its hour of (virtual) time
 * instead of being rescued by the next interrupt.
 *
 * <p>Threading: one loop; all methods are called from its coros.
 */
final class Chaos {
    private static final Object REASON = "chaos";
    private static final long TICK_NANOS = 100_000;

    final Random random;
    int completed;
    int interrupted;
    int timedOut;
    private final List<Coro> workers = new ArrayList<>();
    private final List<Throwable> failures = new ArrayList<>();
    private final int calmAfter;
    private int attempts;
    /** Workers still running when the budget ran out: they finish without any rescue. */
    private int aliveWhenCalm;
    private int handedThenInterrupted;

    /** {@code calmAfter}: how many steps (calls of {@link #attempt}) the chaos lasts. */
    Chaos(long seed, int calmAfter) {
        this.random = new Random(seed);
        this.calmAfter = calmAfter;
    }

    /** True once the chaos is over. */
    boolean calm() {
        return attempts >= calmAfter;
    }

    /** Spawns a worker; an exception escaping it is recorded and fails {@link #runToCompletion()}. */
    Coro spawnWorker(String name, Body body) {
        Coro c = Coro.spawn(name, () -> {
            try {
                body.run();
            } catch (Throwable t) {
                failures.add(t);
            }
        });
        workers.add(c);
        return c;
    }

    /** Runs {@code step}; false if chaos interrupted it or its own timeout fired (both counted). */
    boolean attempt(Body step) throws Exception {
        attempts++;
        try {
            step.run();
            completed++;
            return true;
        } catch (TimeoutError e) {
            timedOut++;
            return false;
        } catch (Interrupted e) {
            if (e.reason() != REASON) {
                throw e;
            }
            interrupted++;
            return false;
        }
    }

    /** Runs {@code body}, one time in four under a random timeout of up to 5 ms (none once calm). */
    void maybeTimed(Body body) throws Exception {
        if (!calm() && random.nextInt(4) == 0) {
            Coro.withTimeout(ticks(50), body);
        } else {
            body.run();
        }
    }

    /** Nothing, a yield, or a sleep of up to 2 ms, at random. */
    void pause() {
        switch (random.nextInt(3)) {
            case 0 -> { }
            case 1 -> Coro.yieldSlice();
            default -> Coro.sleep(ticks(20));
        }
    }

    /** A random duration of 0 to {@code max - 1} ticks. */
    Duration ticks(int max) {
        return Duration.ofNanos(TICK_NANOS * random.nextInt(max));
    }

    boolean workersDone() {
        for (Coro c : workers) {
            if (!c.isDead()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Interrupts random live workers until the calm or until all have finished; fails if any
     * worker failed, or if they have not all finished within an hour of the loop's (virtual) time.
     */
    void runToCompletion() throws Exception {
        Coro chaos = Coro.spawn("chaos", () -> {
            while (!workersDone() && !calm()) {
                // Every pass now and then, so that it also runs between a wake and the woken coro's turn.
                if (random.nextBoolean()) {
                    Coro.yieldSlice();
                } else {
                    Coro.sleep(ticks(10));
                }
                if (random.nextInt(3) != 0) {
                    continue;
                }
                Coro victim = pickVictim();
                if (victim != null) {
                    if (victim.state() == Coro.State.SCHEDULED) {
                        handedThenInterrupted++;
                    }
                    victim.interrupt(REASON);
                }
            }
            for (Coro c : workers) {
                if (!c.isDead()) {
                    aliveWhenCalm++;
                }
            }
        });
        Coro.withTimeout(Duration.ofHours(1), () -> {
            for (Coro c : workers) {
                c.join();
            }
            chaos.join();
        });
        if (!failures.isEmpty()) {
            AssertionError e = new AssertionError(failures.size() + " worker(s) failed", failures.get(0));
            failures.stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }
    }

    /**
     * A live worker; half of the time one that was just woken and has not run yet (the interleaving
     * "woken, then interrupted before it could take what it was given" that is rare by chance).
     */
    private Coro pickVictim() {
        if (random.nextBoolean()) {
            List<Coro> woken = new ArrayList<>();
            for (Coro c : workers) {
                if (c.isStarted() && c.state() == Coro.State.SCHEDULED) {
                    woken.add(c);
                }
            }
            if (!woken.isEmpty()) {
                return woken.get(random.nextInt(woken.size()));
            }
        }
        Coro c = workers.get(random.nextInt(workers.size()));
        return c.isStarted() && !c.isDead() ? c : null;
    }

    /** The run really exercised completions, interrupts and timeouts (else the test proves little). */
    void assertAllOutcomesHappened() {
        if (completed == 0 || interrupted == 0 || timedOut == 0 || aliveWhenCalm == 0 || handedThenInterrupted == 0) {
            throw new AssertionError("a weak run: " + this);
        }
    }

    @Override
    public String toString() {
        return completed + " completed, " + interrupted + " interrupted (" + handedThenInterrupted
                + " of them woken but not yet run), " + timedOut + " timed out; " + aliveWhenCalm
                + " workers left to finish calmly";
    }
}
