package io.shrapnel.net.dns;

import io.shrapnel.kernel.internal.Waiter;
import java.util.ArrayList;
import java.util.List;

/**
 * One question being asked, which any number of coros wait for: concurrent identical lookups are
 * coalesced into the one query. The coro that asks completes it; the waiters may be on any loop.
 *
 * <p>Threading: any thread; guarded by this (never held while parked).
 */
final class Inflight {
    private final String what;
    private Outcome outcome;
    private List<Waiter> waiters = new ArrayList<>(2);

    Inflight(String what) {
        this.what = what;
    }

    /** Parks the current coro until {@link #complete}; returns the outcome at once if it is known. */
    Outcome await() {
        synchronized (this) {
            if (outcome != null) {
                return outcome;
            }
        }
        Waiter w = Waiter.begin(this);
        synchronized (this) {
            if (outcome != null) {
                w.wake(outcome); // completed between the check and begin: do not park
            } else {
                waiters.add(w);
            }
        }
        try {
            return (Outcome) w.await();
        } finally {
            synchronized (this) {
                if (waiters != null) {
                    waiters.remove(w);
                }
            }
        }
    }

    void complete(Outcome result) {
        List<Waiter> toWake;
        synchronized (this) {
            if (outcome != null) {
                return;
            }
            outcome = result;
            toWake = waiters;
            waiters = null;
        }
        for (Waiter w : toWake) {
            w.wakeFromAnyThread(result);
        }
    }

    @Override
    public String toString() {
        return "dns lookup " + what;
    }
}
