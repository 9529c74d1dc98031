package io.shrapnel.kernel.testing;

import io.shrapnel.kernel.Body;
import io.shrapnel.kernel.Clock;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.CoroInfo;
import io.shrapnel.kernel.Scheduler;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * A loop for one test, run on the test's own thread.
 *
 * <pre>{@code
 * try (TestLoop loop = TestLoop.virtualTime()) {
 *     String r = loop.call(() -> Coro.withTimeout(Duration.ofSeconds(30), () -> slowThing()));
 * }
 * }</pre>
 *
 * {@link #call} spawns the body as a coro, runs the loop until the body returns, and hands back
 * its value or rethrows what it threw (assertion errors included) on the test thread. With
 * {@link #virtualTime()} the loop's clock is a {@link TestClock}: idle time is skipped, so timeouts
 * fire at once and exactly. {@link #close()} fails if coros are still alive (after shutting them down).
 *
 * <p>Threading: the thread that calls {@link #call} runs the loop; everything else is the loop's.
 */
public final class TestLoop implements AutoCloseable {
    private final Scheduler scheduler;
    private final TestClock clock;

    private TestLoop(String name, Clock clock) {
        this.scheduler = Scheduler.create(name, clock);
        this.clock = clock instanceof TestClock t ? t : null;
    }

    /** A loop on the system clock. */
    public static TestLoop create() {
        return new TestLoop("test", Clock.system());
    }

    /** A loop on a {@link TestClock}: time moves only when the loop would otherwise wait. */
    public static TestLoop virtualTime() {
        return new TestLoop("test-virtual", new TestClock());
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    /** The virtual clock (null for {@link #create()}). */
    public TestClock clock() {
        return clock;
    }

    /** Spawns a helper coro on this loop (it runs when {@link #call} or {@link #run} runs the loop). */
    public Coro spawn(String name, Body body) {
        return scheduler.spawn(name, body);
    }

    /** Runs {@code body} in a coro named "test-main" until it returns; rethrows what it threw. */
    public void run(Body body) throws Exception {
        call(() -> {
            body.run();
            return null;
        });
    }

    /** Runs {@code body} in a coro until it returns; returns its value or rethrows what it threw. */
    public <T> T call(Callable<T> body) throws Exception {
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Coro main = scheduler.spawn("test-main", () -> {
            try {
                result[0] = body.call();
            } catch (Throwable t) {
                failure[0] = t;
            } finally {
                Coro.setExit(0);
            }
        });
        scheduler.run();
        if (!main.isDead()) {
            throw new AssertionError("the loop exited (setExit from another coro?) before test-main returned: "
                    + main.state());
        }
        if (failure[0] instanceof Exception e) {
            throw e;
        }
        if (failure[0] instanceof Error e) {
            throw e;
        }
        if (failure[0] != null) {
            throw new AssertionError(failure[0]);
        }
        @SuppressWarnings("unchecked")
        T t = (T) result[0];
        return t;
    }

    /** Runs the loop until no coro is left alive (or one calls setExit). */
    public void runUntilDone() {
        scheduler.runUntilDone();
    }

    /**
     * Closes the loop. If coros are left alive, shuts them down, lets them unwind, and fails with
     * where each of them was.
     */
    @Override
    public void close() {
        try {
            List<CoroInfo> left = scheduler.whereAll();
            if (!left.isEmpty()) {
                for (Coro c : scheduler.coros()) {
                    c.shutdown();
                }
                scheduler.runUntilDone();
                throw new AssertionError(left.size() + " coro(s) left alive by the test:\n  "
                        + left.stream().map(CoroInfo::toString).collect(Collectors.joining("\n  ")));
            }
        } finally {
            scheduler.close();
        }
    }
}
