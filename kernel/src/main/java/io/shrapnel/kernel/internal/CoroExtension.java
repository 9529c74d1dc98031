package io.shrapnel.kernel.internal;

import io.shrapnel.kernel.Coro;

/**
 * What a layer above the kernel keeps with one coro (the mailbox module keeps the coro's mailbox
 * here), attached with {@link Coro#attachExtension}. One per coro; plain coros have none, so the
 * kernel costs them nothing for it.
 *
 * <p>The kernel calls both methods on the coro's loop thread. They must be short and must never
 * block or wait: they run between coros ({@link #suspended}) or inside a coro that is already dead
 * ({@link #exited}). An exception they throw is printed and otherwise ignored.
 */
public interface CoroExtension {
    /**
     * The coro gave its loop back without having exited: it waits in one of the kernel's waits,
     * yielded, or is parked inside a JDK call (a lock, a JDK socket). Called after every such run.
     */
    default void suspended(Coro coro) {}

    /**
     * The coro has exited: normally ({@code error} null), with an exception, or it was cancelled
     * before it ran. Called once, after the coro is {@link Coro#isDead() dead} and before the coros
     * that {@link Coro#join() join} it are woken; inside the dying coro when it ran.
     */
    default void exited(Coro coro, Throwable error) {}
}
