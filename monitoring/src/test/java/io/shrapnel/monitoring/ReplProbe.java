package io.shrapnel.monitoring;

import java.util.concurrent.CompletableFuture;

/** What snippets typed into a backdoor in the tests reach: public, since snippets see public classes only. */
public final class ReplProbe {
    /** Completed by a coro spawned from the REPL, with its name. */
    public static volatile CompletableFuture<String> spawned = new CompletableFuture<>();

    private ReplProbe() {}
}
