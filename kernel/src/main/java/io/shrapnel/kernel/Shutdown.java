package io.shrapnel.kernel;

/**
 * The coro is being shut down ({@link Coro#shutdown()}). A coro that lets it propagate ends quietly:
 * the exception notifier does not report it.
 */
public final class Shutdown extends Interrupted {
    public Shutdown() {
        super(null, "shutdown");
    }
}
