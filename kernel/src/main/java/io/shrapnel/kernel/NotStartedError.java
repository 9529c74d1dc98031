package io.shrapnel.kernel;

/**
 * An exception was raised into a coro that has not run yet. Use
 * {@link Coro#raiseException(Throwable, boolean) raiseException(e, true)} or {@link Coro#shutdown()}
 * to cancel its start instead.
 */
public final class NotStartedError extends ScheduleError {
    public NotStartedError(Coro coro) {
        super(coro, coro + " has not started yet; pass cancelStart=true to cancel it instead");
    }
}
