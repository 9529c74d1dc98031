package io.shrapnel.examples;

import io.shrapnel.kernel.Coro;
import io.shrapnel.monitoring.Backdoor;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The tutorial's {@code t0}: a backdoor on a Unix socket, and the event loop.
 * {@code bin/demo t0 [path]} (default {@code /tmp/xx.bd}), then in another terminal
 * {@code nc -U /tmp/xx.bd} (Ctrl-V Ctrl-C Enter interrupts a snippet) and type {@code Coro.whereAll()},
 * spawn coros, and {@code Coro.setExit(0)} to end.
 */
public final class BackdoorDemo {
    private BackdoorDemo() {}

    public static void main(String[] args) throws IOException {
        Path path = Path.of(args.length > 0 ? args[0] : "/tmp/xx.bd");
        try (Backdoor.Listening backdoor = Backdoor.unix(path).start()) {
            int code = Coro.eventLoop();
            System.out.println("event loop exited with " + code);
        }
    }
}
