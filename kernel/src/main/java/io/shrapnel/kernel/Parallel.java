package io.shrapnel.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Runs tasks in coros of their own and waits for all of them.
 *
 * <pre>{@code
 * List<String> pages = Parallel.inParallel(List.of(() -> fetch(a), () -> fetch(b), () -> fetch(c)));
 * }</pre>
 *
 * <p>Threading: call from a coro; the tasks run as coros on the caller's loop.
 */
public final class Parallel {
    private Parallel() {}

    /**
     * Runs each task in its own coro on the current loop and parks until all have finished.
     *
     * <p>Unlike the original, the tasks never outlive the call: if the calling coro is interrupted,
     * shut down or times out while waiting, every task still running is shut down and waited for,
     * then the interruption is rethrown.
     *
     * @return the results, in the order of {@code tasks} (not the order they finished in)
     * @throws InParallelError if any task threw; it carries every failure and every result
     */
    public static <T> List<T> inParallel(List<? extends Callable<? extends T>> tasks) throws InParallelError {
        Coro me = Coro.require("Parallel.inParallel");
        int n = tasks.size();
        if (n == 0) {
            return List.of();
        }
        Object[] values = new Object[n];
        Throwable[] errors = new Throwable[n];
        InvertedSemaphore running = new InvertedSemaphore(n);
        List<Coro> coros = new ArrayList<>(n);
        String prefix = (me.name() != null ? me.name() : "coro#" + me.id()) + "/inParallel-";
        for (int i = 0; i < n; i++) {
            int index = i;
            Callable<? extends T> task = tasks.get(i);
            coros.add(Coro.spawn(prefix + i, () -> {
                try {
                    values[index] = task.call();
                } catch (Throwable t) {
                    errors[index] = t;
                } finally {
                    running.release();
                }
            }));
        }
        try {
            running.blockTillZero();
        } catch (Throwable t) {
            for (Coro c : coros) {
                c.shutdown();
            }
            for (Coro c : coros) {
                c.join();
            }
            throw t;
        }
        return collect(values, errors);
    }

    private static <T> List<T> collect(Object[] values, Throwable[] errors) throws InParallelError {
        int failures = 0;
        for (Throwable e : errors) {
            if (e != null) {
                failures++;
            }
        }
        if (failures > 0) {
            List<InParallelError.Outcome> outcomes = new ArrayList<>(values.length);
            for (int i = 0; i < values.length; i++) {
                outcomes.add(new InParallelError.Outcome(values[i], errors[i]));
            }
            throw new InParallelError(outcomes, failures);
        }
        List<T> out = new ArrayList<>(values.length);
        for (Object v : values) {
            @SuppressWarnings("unchecked")
            T t = (T) v;
            out.add(t);
        }
        return out;
    }
}
