package io.shrapnel.kernel;

import java.time.Duration;

/**
 * The function given to {@link Coro#withTimeout} did not return in time. Thrown by the
 * {@code withTimeout} frame that armed the timer, in the coro that called it, so its stack trace
 * shows where the timed-out call was made. Part of the cancellation family: not an {@link Exception}.
 */
public final class TimeoutError extends Interrupted {
    private final transient Duration timeout;

    public TimeoutError(Duration timeout) {
        this(timeout, null);
    }

    /** {@code cause}: the exception of the JDK call that the timeout interrupted, if any. */
    public TimeoutError(Duration timeout, Throwable cause) {
        super("timed out after " + Coro.formatDuration(timeout), cause, true);
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }
}
