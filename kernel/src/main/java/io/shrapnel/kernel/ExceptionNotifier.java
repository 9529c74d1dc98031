package io.shrapnel.kernel;

/**
 * Told about every exception that ends a coro (except {@link Shutdown}, which ends it quietly).
 * The default prints a timestamp, the coro's id and name and a one-line traceback to stderr.
 * Runs on the dead coro's loop, inside the coro: keep it short and never block.
 */
@FunctionalInterface
public interface ExceptionNotifier {
    void uncaught(Coro coro, Throwable error);
}
