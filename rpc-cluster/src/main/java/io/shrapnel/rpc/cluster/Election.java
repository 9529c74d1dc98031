package io.shrapnel.rpc.cluster;

import java.io.IOException;
import java.util.Optional;

/**
 * Leader election on an etcd prefix ({@code /shrapnel/cluster/elections/<name>/}), for singleton
 * actors: {@link #campaign} parks the coro until this node leads; the leadership hangs on the node's
 * lease, so a dead leader is replaced within the lease's TTL; {@link #resign} hands it on at once.
 *
 * <pre>{@code
 * Election e = new Election(cluster, "scheduler");
 * e.campaign("node-a");          // parks until elected
 * ... run the singleton ...
 * e.resign();
 * }</pre>
 *
 * <p>Threading: from coros of the cluster's loop; one campaign at a time per instance.
 */
public final class Election {
    /** Where the elections are kept in etcd. */
    public static final String PREFIX = "/shrapnel/cluster/elections/";
    private final KeyQueue queue;
    private String key;

    public Election(Cluster cluster, String name) {
        this.queue = new KeyQueue(cluster, PREFIX + name + "/");
    }

    /** Stands with {@code value} (what observers see, e.g. the node's address) and parks until elected. */
    public void campaign(String value) throws IOException {
        if (key != null) {
            throw new IllegalStateException("already campaigning");
        }
        key = queue.enter(value);
        try {
            queue.awaitHead(key);
        } catch (IOException | RuntimeException | Error e) {
            resign();
            throw e;
        }
    }

    /** True between a {@link #campaign} that returned and {@link #resign}. */
    public boolean isLeader() throws IOException {
        Entry head = queue.head();
        return key != null && head != null && head.key().equals(key);
    }

    /** The leader's value, if there is a leader. */
    public Optional<String> leader() throws IOException {
        return Optional.ofNullable(queue.head()).map(Entry::text);
    }

    /** Steps down (or withdraws the candidacy); the next candidate is elected. */
    public void resign() throws IOException {
        if (key != null) {
            String k = key;
            key = null;
            queue.leave(k);
        }
    }
}
