package io.shrapnel.kernel;

/**
 * A blocking kernel operation (one that parks the calling coro: {@code Coro.sleep}, a mutex, a fifo's
 * {@code pop}, a socket read...) was called from a thread that is not a coro, where there is nothing
 * to park. The original's {@code YieldFromMain}. The message says what to do instead: spawn a coro
 * and run the loop.
 *
 * <p>It is an {@link IllegalStateException} (a programmer error, not cancellation), so code that
 * catches that keeps working.
 */
public final class YieldFromMain extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public YieldFromMain(String message) {
        super(message);
    }
}
