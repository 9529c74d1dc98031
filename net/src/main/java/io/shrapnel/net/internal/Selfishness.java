package io.shrapnel.net.internal;

import io.shrapnel.kernel.Coro;

/**
 * The socket side of the kernel's selfishness rule: a read that finds data without waiting is a
 * selfish act of the calling coro ({@link Coro#trySelfish()}); once the coro's allowance is used up,
 * the next read on this socket yields first. Yielding before a read rather than after it means a
 * timeout or interrupt delivered at the yield never loses data already taken from the kernel.
 *
 * <p>Threading: owned by one socket, used on its loop.
 */
public final class Selfishness {
    private boolean yieldDue;

    /** Call before a read: yields if the previous ready read used up the allowance. */
    public void beforeRead() {
        if (yieldDue) {
            yieldDue = false;
            Coro.yieldSlice();
        }
    }

    /** Call when a read found data without waiting. */
    public void readyRead() {
        Coro c = Coro.current();
        if (c != null && !c.trySelfish()) {
            yieldDue = true;
        }
    }
}
