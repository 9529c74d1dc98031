package io.shrapnel.kernel;

/**
 * A coro was interrupted: by {@link Coro#interrupt()}, by {@link Coro#raiseException}, or by a
 * {@link Coro#withTimeout timeout} on its way to the frame that armed it.
 *
 * <p>The cancellation family ({@code Interrupted}, {@link TimeoutError}, {@link Shutdown}) extends
 * {@link Error}, not {@link Exception}: it must unwind through user code that writes
 * {@code catch (Exception e)}, as {@code ThreadDeath} did. Catch it only to clean up, then rethrow.
 *
 * <p>{@link #reason()} carries what caused it; for a timeout it is the timer that fired, which is how
 * only the {@code withTimeout} frame that armed that timer turns it into a {@link TimeoutError}.
 */
public class Interrupted extends Error {
    private final transient Object reason;

    public Interrupted() {
        this(null, "interrupted");
    }

    public Interrupted(Object reason) {
        this(reason, "interrupted: " + reason);
    }

    protected Interrupted(Object reason, String message) {
        // No stack trace: it would be the raiser's, not the coro's, and timeouts are frequent.
        super(message, null, false, false);
        this.reason = reason;
    }

    protected Interrupted(String message, Throwable cause, boolean withStackTrace) {
        super(message, cause, false, withStackTrace);
        this.reason = null;
    }

    /** What caused the interrupt (the value given to {@link Coro#interrupt(Object)}, or a timer). */
    public Object reason() {
        return reason;
    }
}
