package io.shrapnel.kernel;

import io.shrapnel.kernel.internal.Waiter;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pool behind {@link Coro#offload}: a bounded number of daemon platform threads
 * ({@code -Dshrapnel.offload.threads}, default twice the cores and at least 4) for calls that would
 * hold a loop. The waiting coro parks in a kernel wait; the result comes back through its loop's inbox.
 *
 * <p>Threading: any coro may call; results are delivered on the coro's loop.
 */
final class Offload {
    private static final ThreadPoolExecutor POOL;

    static {
        int n = Integer.getInteger("shrapnel.offload.threads",
                Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
        AtomicInteger count = new AtomicInteger();
        POOL = new ThreadPoolExecutor(n, n, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "shrapnel-offload-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        POOL.allowCoreThreadTimeOut(true);
    }

    private Offload() {}

    private record Outcome(Object value, Throwable error) {}

    private record OffloadEvent(Callable<?> fn) {
        @Override
        public String toString() {
            return "offload " + fn;
        }
    }

    @SuppressWarnings("unchecked")
    static <T> T call(Coro coro, Callable<T> fn) throws Exception {
        Waiter w = Waiter.begin(new OffloadEvent(fn));
        Future<?> f;
        try {
            f = POOL.submit(() -> {
                Outcome o;
                try {
                    o = new Outcome(fn.call(), null);
                } catch (Throwable t) {
                    o = new Outcome(null, t);
                }
                Outcome result = o;
                coro.scheduler().execute(() -> {
                    if (!w.wake(result)) {
                        discard(result);
                    }
                });
            });
        } catch (RuntimeException e) {
            w.abandon();
            throw e;
        }
        Outcome o;
        try {
            o = (Outcome) w.await();
        } catch (Interrupted e) {
            f.cancel(true);
            throw e;
        }
        if (o.error != null) {
            throw Reporting.<Exception>sneaky(o.error);
        }
        return (T) o.value;
    }

    /**
     * A result nobody will receive (its coro left on an interrupt, a timeout or a shutdown) is
     * closed if it holds a resource, so that an abandoned {@code offload(() -> FileChannel.open(..))}
     * does not keep its descriptor until a collection. Loop thread.
     */
    private static void discard(Outcome o) {
        if (o.value instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // nobody to tell: the caller has gone, and the value was never theirs
            }
        }
    }
}
