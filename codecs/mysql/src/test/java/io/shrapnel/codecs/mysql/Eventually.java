package io.shrapnel.codecs.mysql;

import io.shrapnel.kernel.Coro;
import java.time.Duration;

/** Waits inside a coro (on the loop's timers) until a condition on the server holds. */
final class Eventually {
    interface Check {
        boolean holds() throws Exception;
    }

    private Eventually() {}

    static void until(String what, Check check) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Coro.sleep(Duration.ofMillis(10));
        }
    }
}
