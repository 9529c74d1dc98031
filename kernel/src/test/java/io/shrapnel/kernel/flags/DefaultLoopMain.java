package io.shrapnel.kernel.flags;

import io.shrapnel.kernel.Coro;

/** Run by DefaultLoopTest in a fresh JVM: the very first loop of the JVM is the default one. */
public final class DefaultLoopMain {
    private DefaultLoopMain() {}

    public static void main(String[] args) {
        Coro.spawn(() -> {
            System.out.println("coro ran on " + Coro.current().scheduler().name());
            Coro.setExit(7);
        });
        System.exit(Coro.eventLoop());
    }
}
