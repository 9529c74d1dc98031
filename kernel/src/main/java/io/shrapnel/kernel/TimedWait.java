package io.shrapnel.kernel;

import java.time.Duration;

/**
 * A {@link Waiter} wait with a deadline on the loop's own timers, for the {@code await(Duration)}
 * methods that report a timeout as a return value (as {@code java.util.concurrent} does) instead of
 * a {@link TimeoutError}.
 *
 * <p>Threading: the waiting coro, on its loop.
 */
final class TimedWait {
    private TimedWait() {}

    /** Parks until {@code w} is woken (returns the value) or {@code timeout} passes (returns {@code expired}). */
    static Object await(Waiter w, Duration timeout, Object expired) {
        Scheduler.Cancellable timer = w.coro().scheduler().schedule(timeout, () -> w.wake(expired));
        try {
            return w.await();
        } finally {
            timer.cancel();
        }
    }
}
