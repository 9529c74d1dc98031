package io.shrapnel.kernel;

/** An exception was raised into, or a start asked of, a coro that has already exited. */
public final class DeadCoroError extends ScheduleError {
    public DeadCoroError(Coro coro) {
        super(coro, coro + " is dead");
    }
}
