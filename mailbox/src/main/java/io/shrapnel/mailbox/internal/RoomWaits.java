package io.shrapnel.mailbox.internal;

import static io.shrapnel.mailbox.internal.Mailbox.FULL;
import static io.shrapnel.mailbox.internal.Mailbox.TIMED_OUT;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.internal.Waiter;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The senders waiting for room in one full bounded mailbox, oldest first: coros park, platform
 * threads block. The receiver wakes one per message it takes.
 *
 * <p>Lost-wakeup argument: a sender adds itself to {@code senders} (a CAS), then offers again
 * (reading the queue's consumer index, volatile). The receiver polls (a release store of the
 * consumer index), issues a full fence, then looks at {@code senders}. Either the receiver sees
 * the sender, or the sender's second offer sees the room. A room signal is never spent on a sender
 * that left (see {@link SenderWait}).
 *
 * <p>Threading: any sender thread; {@link #notifyRoom} from the receiver (or whoever closes).
 */
final class RoomWaits {
    private final Mailbox mailbox;
    private final ConcurrentLinkedQueue<SenderWait> senders = new ConcurrentLinkedQueue<>();

    RoomWaits(Mailbox mailbox) {
        this.mailbox = mailbox;
    }

    /** Parks the current coro until its message is in (or the mailbox closed, or the deadline on its loop's clock passed). */
    int awaitInCoro(Object message, long deadline) {
        if (mailbox.receiverIsCaller()) {
            throw new IllegalStateException("the mailbox of " + mailbox + " is full and the sender is its own receiver, "
                    + "which would wait for itself forever: use offer(...) and handle false, or a bigger capacity");
        }
        Scheduler scheduler = Coro.current().scheduler();
        while (true) {
            Waiter w = Waiter.begin("room in " + mailbox);
            SenderWait sw = SenderWait.ofCoro(w);
            senders.add(sw);
            int r = mailbox.offerOnce(message);
            long left = deadline - scheduler.clock().nanoTime();
            if (r != FULL || left <= 0) {
                sw.cancel();
                senders.remove(sw);
                w.wake(null); // ends our own wait at once
                w.await();
                return r;
            }
            Scheduler.Cancellable timer = deadline == Long.MAX_VALUE ? null
                    : scheduler.schedule(Duration.ofNanos(left), () -> {
                        if (sw.cancel()) {
                            w.wake(TIMED_OUT);
                        }
                    });
            Object woken;
            try {
                woken = w.await();
            } catch (Throwable interrupted) {
                leave(sw);
                throw interrupted;
            } finally {
                if (timer != null) {
                    timer.cancel();
                }
            }
            if (woken == TIMED_OUT) {
                senders.remove(sw);
                return FULL;
            }
            // Claimed: the receiver made room. Try again (another sender may have taken it first).
        }
    }

    /** Blocks the current platform thread until its message is in, or the deadline (System.nanoTime) passed. */
    int awaitInThread(Object message, long deadline) {
        boolean interrupted = false;
        try {
            while (true) {
                SenderWait sw = SenderWait.ofThread(Thread.currentThread());
                senders.add(sw);
                int r = mailbox.offerOnce(message);
                if (r != FULL) {
                    sw.cancel();
                    senders.remove(sw);
                    return r;
                }
                while (sw.isWaiting()) {
                    long left = deadline - System.nanoTime();
                    if (Thread.interrupted()) {
                        interrupted = true;
                        left = 0;
                    }
                    if (left <= 0) {
                        if (sw.cancel()) {
                            senders.remove(sw);
                            return FULL;
                        }
                        break; // claimed just now: use the room
                    }
                    LockSupport.parkNanos(this, left);
                }
                if (interrupted) {
                    int last = mailbox.offerOnce(message);
                    if (last == FULL) {
                        notifyRoom(); // we were claimed but leave: pass the room on
                    }
                    return last;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A sender leaves its wait for good; if a receiver had claimed it, the room goes to the next one. */
    private void leave(SenderWait sw) {
        if (sw.cancel()) {
            senders.remove(sw);
        } else {
            notifyRoom();
        }
    }

    /** Receiver side, after taking a message: wakes the oldest sender still waiting. */
    void notifyRoom() {
        VarHandle.fullFence(); // see the lost-wakeup argument above
        if (senders.isEmpty()) {
            return;
        }
        SenderWait sw;
        while ((sw = senders.poll()) != null) {
            if (sw.claim()) {
                return;
            }
        }
    }

    /** The mailbox closed: wakes every waiting sender. */
    void releaseAll() {
        SenderWait sw;
        while ((sw = senders.poll()) != null) {
            sw.claim();
        }
    }

    int waiting() {
        return senders.size();
    }
}
