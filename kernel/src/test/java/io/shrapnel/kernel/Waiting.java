package io.shrapnel.kernel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Spawning groups of coros that block on a primitive, and joining them, for the interleaving tests. */
final class Waiting {
    private Waiting() {}

    static List<Coro> spawn(int n, Body body) {
        List<Coro> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Coro.spawn("blocked-" + i, body));
        }
        return out;
    }

    /**
     * Joins every coro; a coro left parked for good fails the test with a {@link TimeoutError} after a
     * minute of the loop's time (at once on a virtual clock) instead of hanging it.
     */
    static void joinAll(List<Coro> coros, Coro... more) throws Exception {
        Coro.withTimeout(Duration.ofMinutes(1), () -> {
            for (Coro c : coros) {
                c.join();
            }
            for (Coro c : more) {
                c.join();
            }
        });
    }
}
