package io.shrapnel.kernel;

/** A coro cannot be scheduled, started or raised into in its present state. */
public class ScheduleError extends IllegalStateException {
    private final transient Coro coro;

    public ScheduleError(Coro coro, String message) {
        super(message);
        this.coro = coro;
    }

    public Coro coro() {
        return coro;
    }
}
