package io.shrapnel.rpc.cluster;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Interrupted;
import io.shrapnel.kernel.TimeoutError;
import java.io.IOException;
import java.time.Duration;

/**
 * A lease kept alive by a coro. It is refreshed every third of its TTL, each refresh with a deadline
 * of a third of the TTL (a refresh that gets no answer in time is sent again soon, to the next etcd
 * endpoint), so a slow or frozen etcd member does not eat the whole TTL. If etcd says the lease is
 * gone (this node's loop stalled, or it was cut off from etcd, longer than the TTL; or somebody
 * revoked it) a new lease is granted and {@code renewal} puts back what hung on the old one; a
 * renewal that fails is tried again at the next round until it succeeds.
 *
 * <p>Threading: {@link #id()} from any coro of the loop that made it; the keeper's own coro runs there.
 */
final class LeaseKeeper implements AutoCloseable {
    /** Re-attaches keys to a new lease (may be called again with the same lease if it failed). */
    interface Renewal {
        void onNewLease(long lease) throws IOException;
    }

    private final EtcdClient etcd;
    private final Duration ttl;
    private final Duration every;
    private final Renewal renewal;
    private volatile long id;
    private volatile boolean closed;
    private boolean renewalPending;
    private int renewed;
    private Coro coro;

    private LeaseKeeper(EtcdClient etcd, Duration ttl, Renewal renewal, long id) {
        this.etcd = etcd;
        this.ttl = ttl;
        this.every = ttl.dividedBy(3);
        this.renewal = renewal;
        this.id = id;
    }

    static LeaseKeeper start(EtcdClient etcd, Duration ttl, Renewal renewal) throws IOException {
        LeaseKeeper k = new LeaseKeeper(etcd, ttl, renewal, etcd.grantLease(ttl));
        k.coro = Coro.spawn("etcd-lease-keeper", k::run);
        return k;
    }

    /** The lease now (it changes when the old one was lost). */
    long id() {
        return id;
    }

    /** How many times the lease was lost and its keys put back under a new one. */
    int renewed() {
        return renewed;
    }

    private void run() {
        try {
            Duration wait = every;
            while (!closed) {
                Coro.sleep(wait);
                wait = refresh() ? every : every.dividedBy(4);
            }
        } catch (Interrupted stopped) {
            // closed
        }
    }

    /** One round: refreshes the lease, or replaces it if it is gone. True if all went well. */
    private boolean refresh() {
        try {
            long left = Coro.withTimeout(every, () -> etcd.keepAliveOnce(id));
            if (left == 0 && !closed) {
                id = Coro.withTimeout(every, () -> etcd.grantLease(ttl));
                renewalPending = true;
            }
            if (renewalPending && !closed) {
                renewal.onNewLease(id);
                renewalPending = false;
                renewed++;
            }
            return true;
        } catch (TimeoutError late) {
            etcd.failedOver(etcd.currentEndpoint());
            Coro.printStderr("etcd lease " + id + ": no answer within " + every.toMillis() + " ms, trying again\n");
        } catch (Interrupted stopped) {
            throw stopped;
        } catch (Exception e) {
            Coro.printStderr("etcd lease " + id + (renewalPending ? " granted, its keys not put back yet: " : " not refreshed: ")
                    + e.getMessage() + "\n");
        }
        return false;
    }

    /** Stops refreshing and revokes the lease (its keys go at once); a lease already gone is fine. */
    @Override
    public void close() throws IOException {
        closed = true;
        if (coro != null && !coro.isDead() && coro != Coro.current()) {
            coro.raiseException(new Interrupted(), true); // cancels it if it has not run yet
            coro.join();
        }
        try {
            etcd.revokeLease(id);
        } catch (EtcdException e) {
            if (e.code() != EtcdException.NOT_FOUND) {
                throw e;
            }
            // already gone (it ran out): its keys went with it
        }
    }
}
