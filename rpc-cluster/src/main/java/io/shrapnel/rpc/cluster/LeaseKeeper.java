package io.shrapnel.rpc.cluster;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Interrupted;
import java.io.IOException;
import java.time.Duration;

/**
 * A lease kept alive by a coro: refreshed every third of its TTL. If etcd says the lease is gone (it
 * expired while etcd was unreachable) a new one is granted and {@code onNewLease} puts back what
 * hung on the old one.
 *
 * <p>Threading: {@link #id()} from coros of the loop that made it.
 */
final class LeaseKeeper implements AutoCloseable {
    /** Re-attaches keys to a new lease. */
    interface Renewal {
        void onNewLease(long lease) throws IOException;
    }

    private final EtcdClient etcd;
    private final Duration ttl;
    private final Renewal renewal;
    private volatile long id;
    private volatile boolean closed;
    private Coro coro;

    private LeaseKeeper(EtcdClient etcd, Duration ttl, Renewal renewal, long id) {
        this.etcd = etcd;
        this.ttl = ttl;
        this.renewal = renewal;
        this.id = id;
    }

    static LeaseKeeper start(EtcdClient etcd, Duration ttl, Renewal renewal) throws IOException {
        LeaseKeeper k = new LeaseKeeper(etcd, ttl, renewal, etcd.grantLease(ttl));
        k.coro = Coro.spawn("etcd-lease-keeper", k::run);
        return k;
    }

    long id() {
        return id;
    }

    private void run() {
        Duration every = ttl.dividedBy(3);
        try {
            while (!closed) {
                Coro.sleep(every);
                try {
                    if (etcd.keepAliveOnce(id) == 0 && !closed) {
                        id = etcd.grantLease(ttl);
                        renewal.onNewLease(id);
                    }
                } catch (IOException e) {
                    Coro.printStderr("etcd lease " + id + " not refreshed: " + e.getMessage() + "\n");
                }
            }
        } catch (Interrupted stopped) {
            // closed
        }
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
