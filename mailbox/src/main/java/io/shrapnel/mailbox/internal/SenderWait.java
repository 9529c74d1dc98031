package io.shrapnel.mailbox.internal;

import io.shrapnel.kernel.internal.Waiter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * One sender waiting for room in a full bounded mailbox: a coro (its {@link Waiter}) or a platform
 * thread. The receiver {@link #claim claims} it when it has taken a message; the sender
 * {@link #cancel cancels} it when it gives up. Exactly one of the two wins, so a room signal is
 * never spent on a sender that left: a receiver whose claim fails tries the next sender, and a
 * sender that was claimed but leaves anyway (interrupted) passes the signal on.
 *
 * <p>Threading: any thread; the state is one CAS-guarded int.
 */
final class SenderWait {
    private static final int WAITING = 0;
    private static final int CLAIMED = 1;
    private static final int CANCELLED = 2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(SenderWait.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile int state;
    private final Waiter waiter;
    private final Thread thread;

    private SenderWait(Waiter waiter, Thread thread) {
        this.waiter = waiter;
        this.thread = thread;
    }

    static SenderWait ofCoro(Waiter waiter) {
        return new SenderWait(waiter, null);
    }

    static SenderWait ofThread(Thread thread) {
        return new SenderWait(null, thread);
    }

    /** Receiver side: wakes the sender if it is still waiting; false if it had left. */
    boolean claim() {
        if (!STATE.compareAndSet(this, WAITING, CLAIMED)) {
            return false;
        }
        if (waiter != null) {
            waiter.wakeFromAnyThread(null);
        } else {
            LockSupport.unpark(thread);
        }
        return true;
    }

    /** Sender side: leaves the wait; false if a receiver had claimed it first. */
    boolean cancel() {
        return STATE.compareAndSet(this, WAITING, CANCELLED);
    }

    boolean isWaiting() {
        return state == WAITING;
    }
}
