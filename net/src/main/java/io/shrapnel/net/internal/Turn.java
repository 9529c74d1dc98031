package io.shrapnel.net.internal;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.internal.WaitQueue;
import io.shrapnel.kernel.internal.Waiter;

/**
 * One coro at a time; the others wait their turn, first come first served, and the turn is handed
 * straight to the next waiter on release (so nobody can cut in between). Not re-entrant.
 *
 * <p>Threading: confined to the loop of the coros that take it.
 */
public final class Turn {
    private final Object event;
    private final WaitQueue waiters = new WaitQueue();
    private Coro holder;

    /** {@code event}: what waiters wait for, as shown by {@code whereAll}/{@code eventMap}. */
    public Turn(Object event) {
        this.event = event;
    }

    public boolean isTaken() {
        return holder != null;
    }

    /** Parks until it is the current coro's turn. */
    public void take() {
        Coro me = Coro.current();
        if (holder == null) {
            holder = me;
            return;
        }
        if (holder == me) {
            throw new IllegalStateException(me + " already has the turn on " + event);
        }
        waiters.await(Waiter.begin(event), passOn);
    }

    /** Woken with the turn, then interrupted before it ran: pass it on. */
    private final WaitQueue.Exit passOn = new WaitQueue.Exit() {
        @Override
        public void handedThenCancelled(Waiter w) {
            release();
        }
    };

    /** Ends the current coro's turn and hands it to the next waiter still waiting. */
    public void release() {
        holder = null;
        Waiter w;
        while ((w = waiters.poll()) != null) {
            if (w.wake(null)) {
                holder = w.coro();
                return;
            }
        }
    }
}
