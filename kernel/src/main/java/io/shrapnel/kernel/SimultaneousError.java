package io.shrapnel.kernel;

/**
 * Two coros tried to wait for the same event (e.g. both reading the same socket). The second one
 * gets this error; the first keeps waiting. A programming error: give each socket direction one
 * owner coro, or put a {@code Mutex} or a writer coro fed by a {@code Fifo} in front of it.
 */
public final class SimultaneousError extends IllegalStateException {
    private final transient Coro coro;
    private final transient Coro other;
    private final transient Object event;

    public SimultaneousError(Coro coro, Coro other, Object event) {
        super(coro + " tried to wait for " + event + ", which " + other + " is already waiting for");
        this.coro = coro;
        this.other = other;
        this.event = event;
    }

    /** The coro that tried to wait and got this error. */
    public Coro coro() {
        return coro;
    }

    /** The coro that was already waiting. */
    public Coro other() {
        return other;
    }

    public Object event() {
        return event;
    }
}
