package io.shrapnel.rpc.cluster;

import java.io.IOException;

/**
 * A lock across the cluster on an etcd prefix ({@code /shrapnel/cluster/locks/<name>/}):
 * {@link #lock} parks the coro until it holds the lock; holders are served in the order they asked.
 * The lock hangs on the node's lease, so a node that dies releases it within the lease's TTL.
 *
 * <pre>{@code
 * DistributedLock lock = new DistributedLock(cluster, "invoices");
 * try (DistributedLock.Hold h = lock.lock()) {
 *     ... one node at a time ...
 * }
 * }</pre>
 *
 * <p>Threading: from coros of the cluster's loop.
 */
public final class DistributedLock {
    /** Where the locks are kept in etcd. */
    public static final String PREFIX = "/shrapnel/cluster/locks/";
    private final KeyQueue queue;
    private final Cluster cluster;

    /** The lock held; closing it releases the lock. */
    public final class Hold implements AutoCloseable {
        private final String key;
        private boolean released;

        private Hold(String key) {
            this.key = key;
        }

        /** Releases the lock (once). */
        @Override
        public void close() throws IOException {
            if (!released) {
                released = true;
                queue.leave(key);
            }
        }
    }

    public DistributedLock(Cluster cluster, String name) {
        this.cluster = cluster;
        this.queue = new KeyQueue(cluster, PREFIX + name + "/");
    }

    /** Parks until this coro holds the lock. */
    public Hold lock() throws IOException {
        String key = queue.enter(cluster.self().name());
        try {
            queue.awaitHead(key);
        } catch (IOException | RuntimeException | Error e) {
            queue.leave(key);
            throw e;
        }
        return new Hold(key);
    }

    /** The name of the node holding the lock, or null. */
    public String holder() throws IOException {
        Entry head = queue.head();
        return head == null ? null : head.text();
    }
}
