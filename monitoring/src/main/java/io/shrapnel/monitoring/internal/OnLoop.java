package io.shrapnel.monitoring.internal;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Reads loop-confined state from any thread: runs a short task on the loop and waits for its result.
 *
 * <p>Threading: any thread; the task runs on the loop's thread (at once when called there, or when
 * the loop does not run: then nothing else touches its state).
 */
public final class OnLoop {
    private OnLoop() {}

    /**
     * {@code task}'s result, computed on {@code loop}. If the loop does not take the task within
     * {@code patience} (a coro holds it), the task runs here instead and may see state in motion.
     */
    public static <T> T call(Scheduler loop, Duration patience, Supplier<T> task) {
        if (loop.inLoop() || !loop.isRunning()) {
            return task.get();
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.post(() -> {
            try {
                result.complete(task.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            // Inside a coro of another loop this parks the coro, not its loop.
            return result.get(patience.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            Coro.printStderr("loop " + loop.name() + " did not answer within " + patience.toMillis()
                    + " ms (a coro is holding it); reading its state from " + Thread.currentThread().getName());
            return task.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("reading the state of loop " + loop.name() + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for loop " + loop.name(), e);
        }
    }
}
