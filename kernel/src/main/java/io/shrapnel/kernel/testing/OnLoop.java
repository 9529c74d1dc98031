package io.shrapnel.kernel.testing;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a piece of code in a coro on a loop that another thread runs, and waits for its result: how a
 * test or a harness on its own thread asks a running server's loop something.
 *
 * <p>Threading: call from any thread but the loop's own (it blocks that thread until the coro ends).
 */
public final class OnLoop {
    private OnLoop() {}

    /** Spawns {@code fn} as a coro named "probe" on {@code loop}; returns its value or throws what it threw, after at most 30 s. */
    public static <T> T call(Scheduler loop, Callable<T> fn) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Coro.spawnOn(loop, "probe", () -> {
            try {
                f.complete(fn.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.get(30, TimeUnit.SECONDS);
    }
}
