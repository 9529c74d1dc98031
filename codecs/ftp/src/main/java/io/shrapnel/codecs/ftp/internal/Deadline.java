package io.shrapnel.codecs.ftp.internal;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.TimeoutError;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Bounds one network step with {@link Coro#withTimeout} and reports running out of time as an
 * {@link InterruptedIOException} naming the step, so callers see one checked exception for the network.
 *
 * <p>Threading: stateless; call from a coro.
 */
public final class Deadline {
    private Deadline() {}

    /** An I/O step that returns a value (a Callable itself: nothing is wrapped per call). */
    @FunctionalInterface
    public interface Step<T> extends Callable<T> {
        T run() throws IOException;

        @Override
        default T call() throws IOException {
            return run();
        }
    }

    public static <T> T within(Duration timeout, String what, Step<T> step) throws IOException {
        try {
            return Coro.withTimeout(timeout, step);
        } catch (TimeoutError e) {
            throw new InterruptedIOException(what + ": nothing within " + timeout.toMillis() + " ms");
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(what, e); // Step throws only IOException: unreachable in practice
        }
    }
}
