package io.shrapnel.kernel.flags;

import io.shrapnel.kernel.Coro;

/** Run by MissingFlagTest in a JVM started without --add-opens: creating the first loop must fail. */
public final class NoFlagsMain {
    private NoFlagsMain() {}

    public static void main(String[] args) {
        Coro.spawn(() -> Coro.setExit(0));
        System.exit(Coro.eventLoop() + 42);
    }
}
