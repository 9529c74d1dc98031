package io.shrapnel.monitoring;

import java.util.concurrent.CompletableFuture;

/** What snippets typed into a backdoor in the tests reach: public, since snippets see public classes only. */
public final class ReplProbe {
    /** Completed by a coro spawned from the REPL, with its name. */
    public static volatile CompletableFuture<String> spawned = new CompletableFuture<>();

    /** Lets go a snippet that ignores being stopped (it loops until this is true). */
    public static volatile boolean release;

    private ReplProbe() {}

    /**
     * Prints "started", then waits for {@link #release} and ignores interrupts and stop requests
     * meanwhile (JShell instruments only snippet code, so its stop cannot reach this loop).
     */
    public static void ignoreStops() {
        System.out.println("started");
        while (!release) {
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
    }
}
