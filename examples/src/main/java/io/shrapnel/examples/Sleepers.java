package io.shrapnel.examples;

import io.shrapnel.kernel.Coro;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The first demo: 1,000 coros each sleep a random time up to two seconds and print; the last one
 * to wake ends the event loop with {@code setExit}.
 */
public final class Sleepers {
    private Sleepers() {}

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int[] awake = {0};
        for (int i = 0; i < count; i++) {
            Coro.spawn("sleeper-" + i, () -> {
                Duration nap = Duration.ofMillis(ThreadLocalRandom.current().nextInt(2000));
                Coro.sleep(nap);
                awake[0]++; // every sleeper runs on the same loop: no lock needed
                System.out.printf("%s woke after %d ms (%d/%d awake)%n",
                        Coro.current().name(), nap.toMillis(), awake[0], count);
                if (awake[0] == count) {
                    Coro.setExit(0);
                }
            });
        }
        int code = Coro.eventLoop();
        System.out.println("all " + count + " sleepers woke; event loop exited with " + code);
    }
}
