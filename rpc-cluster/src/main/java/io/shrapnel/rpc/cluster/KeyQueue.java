package io.shrapnel.rpc.cluster;

import io.shrapnel.kernel.OneShot;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * etcd's queue recipe, the ground of {@link Election} and {@link DistributedLock}: each contender puts
 * a key under a prefix attached to its node's lease; the key created first holds the place; the
 * others each watch the key just before theirs and look again when it goes. No herd: one deletion
 * wakes one waiter.
 *
 * <p>Threading: from coros of the cluster's loop.
 */
final class KeyQueue {
    private static final AtomicLong SEQ = new AtomicLong();
    private final Cluster cluster;
    private final String prefix;

    KeyQueue(Cluster cluster, String prefix) {
        this.cluster = cluster;
        this.prefix = prefix;
    }

    /**
     * Puts a new key holding {@code value} and returns it (not yet first in line). If the put fails
     * or its coro is stopped while it is under way, etcd may have stored the key all the same: it is
     * deleted again, or it would hold the line for nobody until the node's lease goes.
     */
    String enter(String value) throws IOException {
        String key = prefix + cluster.self().name() + "-" + SEQ.incrementAndGet();
        try {
            cluster.etcd().put(key, value, cluster.lease());
        } catch (IOException | RuntimeException | Error e) {
            try {
                leave(key);
            } catch (IOException | RuntimeException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        }
        return key;
    }

    /** Parks until {@code key} is the oldest of the prefix. */
    void awaitHead(String key) throws IOException {
        while (true) {
            Range r = cluster.etcd().rangePrefix(prefix);
            List<Entry> line = r.entries().stream().sorted(Comparator.comparingLong(Entry::createRevision)).toList();
            int mine = indexOf(line, key);
            if (mine < 0) {
                throw new IOException("the key " + key + " is gone from etcd (the node's lease was lost)");
            }
            if (mine == 0) {
                return;
            }
            String before = line.get(mine - 1).key();
            OneShot<Boolean> moved = new OneShot<>();
            Watch.Listener onDelete = new Watch.Listener() {
                @Override
                public void onEvents(List<WatchEvent> events, long revision) {
                    for (WatchEvent e : events) {
                        if (e.deleted() && (e.entry().key().equals(before) || e.entry().key().equals(key))) {
                            moved.signal(true);
                        }
                    }
                }

                @Override
                public void onEnd(String reason, boolean compacted) {
                    moved.signal(true); // the watch cannot go on: look again
                }
            };
            // the key before ours went (look again), or ours did (the node's lease was lost: fail)
            try (Watch w = cluster.etcd().watchPrefix(before, r.revision() + 1, onDelete);
                    Watch own = cluster.etcd().watchPrefix(key, r.revision() + 1, onDelete)) {
                moved.await();
            }
        }
    }

    /** The oldest key's entry, or null if nobody is in line. */
    Entry head() throws IOException {
        return cluster.etcd().rangePrefix(prefix).entries().stream().min(Comparator.comparingLong(Entry::createRevision))
                .orElse(null);
    }

    void leave(String key) throws IOException {
        cluster.etcd().delete(key);
    }

    private static int indexOf(List<Entry> line, String key) {
        for (int i = 0; i < line.size(); i++) {
            if (line.get(i).key().equals(key)) {
                return i;
            }
        }
        return -1;
    }
}
