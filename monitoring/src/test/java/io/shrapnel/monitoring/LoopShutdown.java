package io.shrapnel.monitoring;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** Ends a test's loop: shuts its coros down, waits for them to be gone, closes it. */
final class LoopShutdown {
    private LoopShutdown() {}

    static void close(Scheduler loop) {
        CompletableFuture<Void> down = new CompletableFuture<>();
        loop.post(() -> {
            loop.coros().forEach(Coro::shutdown);
            loop.spawn("wait-for-shutdown", () -> {
                while (loop.liveCoros() > 1) {
                    Coro.yieldSlice();
                }
                down.complete(null);
            });
        });
        down.orTimeout(10, TimeUnit.SECONDS).join();
        Awaitility.await().until(() -> loop.liveCoros() == 0);
        loop.close();
    }
}
