package io.shrapnel.rpc.cluster;

import io.shrapnel.kernel.Coro;
import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.mailbox.Inbox;
import io.shrapnel.mailbox.Registry;
import io.shrapnel.rpc.ActorNode;
import io.shrapnel.rpc.RemoteNode;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A cluster-wide registry of actors by name, on etcd. {@link #register} stores
 * {@code /shrapnel/cluster/names/<name>} = this node's name under the node's lease (so the name goes
 * when the node goes) and registers the actor in this node's {@link Registry} for the rpc module's
 * lookups. {@link #whereIs} answers from a local cache that a watch keeps current, and returns a local
 * ref for an actor of this node or a remote one (through {@link ActorNode#connect} and
 * {@link RemoteNode#ref}) for an actor of another node. When membership says a node is gone the
 * rpc module is told ({@link RemoteNode#declareLost}) and its connection closed: monitors of its
 * actors get DOWN with {@code NodeLost} and pending asks to them fail with UNAVAILABLE, "node lost:
 * ... (cluster membership says node N is down)", even while a half-open connection looks alive.
 *
 * <pre>{@code
 * ClusterRegistry names = ClusterRegistry.start(cluster, actorNode);
 * names.register("printer", printerRef);
 * ActorRef<Object> p = names.whereIs("printer").orElseThrow();   // on any node
 * }</pre>
 *
 * <p>Threading: made in a coro; use it from coros of that loop.
 */
public final class ClusterRegistry implements AutoCloseable {
    /** Where the names are kept in etcd. */
    public static final String NAMES = "/shrapnel/cluster/names/";

    private final Cluster cluster;
    private final ActorNode node;
    private final Map<String, String> owners = new HashMap<>();
    private final Map<String, ActorRef<?>> mine = new HashMap<>();
    private final Map<String, RemoteNode> links = new HashMap<>();
    private PrefixFollower names;
    private ActorRef<ClusterEvent> membership;

    private ClusterRegistry(Cluster cluster, ActorNode node) {
        this.cluster = cluster;
        this.node = node;
    }

    /** The registry of {@code cluster}, reaching other nodes' actors through {@code node}. */
    public static ClusterRegistry start(Cluster cluster, ActorNode node) throws IOException {
        ClusterRegistry r = new ClusterRegistry(cluster, node);
        r.names = PrefixFollower.start(cluster.etcd(), NAMES, new PrefixFollower.Sink() {
            @Override
            public void reset(List<Entry> entries) {
                r.owners.clear();
                for (Entry e : entries) {
                    r.owners.put(e.key().substring(NAMES.length()), e.text());
                }
            }

            @Override
            public void onEvents(List<WatchEvent> events) {
                for (WatchEvent e : events) {
                    String name = e.entry().key().substring(NAMES.length());
                    if (e.deleted()) {
                        r.owners.remove(name);
                    } else {
                        r.owners.put(name, e.entry().text());
                    }
                }
            }
        });
        cluster.onNewLease(r::reRegister);
        r.membership = Actors.spawn("cluster-registry-links", (Inbox<ClusterEvent> in) -> {
            while (true) {
                if (in.receive() instanceof ClusterEvent.NodeDown down) {
                    RemoteNode link = r.links.remove(down.member().address());
                    if (link != null) {
                        link.declareLost("cluster membership says node " + down.member().name() + " is down");
                        link.close();
                    }
                }
            }
        });
        cluster.subscribe(r.membership);
        return r;
    }

    /**
     * Registers {@code ref} as {@code name} in the whole cluster.
     *
     * @throws IllegalStateException if another node holds the name, or another actor of this process
     */
    public void register(String name, ActorRef<?> ref) throws IOException {
        String self = cluster.self().name();
        // Here first: another node may look the name up the moment etcd has it.
        boolean addedHere = Registry.whereis(name).isEmpty();
        if (addedHere) {
            Registry.register(name, ref);
        } else if (Registry.whereis(name).orElse(null) != ref) {
            // refused before etcd has it: other nodes would reach that other actor under the name
            throw new IllegalStateException("'" + name + "' is already registered in this process by another actor");
        }
        boolean stored;
        try {
            stored = putName(name, self);
        } catch (IOException | RuntimeException e) {
            if (addedHere) {
                Registry.unregister(name);
            }
            throw e;
        }
        if (!stored) {
            String owner = cluster.etcd().range(NAMES + name).entries().stream().map(Entry::text).findFirst().orElse("?");
            if (!owner.equals(self)) {
                if (addedHere) {
                    Registry.unregister(name);
                }
                throw new IllegalStateException("'" + name + "' is already registered by node " + owner);
            }
        }
        mine.put(name, ref);
        owners.put(name, self);
    }

    /**
     * Puts {@code name} under the node's lease if no node has it. If the lease ran out meanwhile (this
     * node's loop stalled longer than the TTL), waits for the keeper's new lease (it notices within a
     * third of the TTL) and puts it under that one.
     */
    private boolean putName(String name, String self) throws IOException {
        long deadline = System.nanoTime() + cluster.ttl().multipliedBy(2).toNanos();
        while (true) {
            long lease = cluster.lease();
            try {
                return cluster.etcd().putIfAbsent(NAMES + name, self, lease);
            } catch (EtcdException e) {
                if (e.code() != EtcdException.NOT_FOUND || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            while (cluster.lease() == lease && System.nanoTime() < deadline) {
                Coro.sleep(Duration.ofMillis(20));
            }
        }
    }

    /** Removes {@code name} if this node registered it. */
    public void unregister(String name) throws IOException {
        if (mine.remove(name) != null) {
            Registry.unregister(name);
            cluster.etcd().delete(NAMES + name);
            owners.remove(name);
        }
    }

    /** The node that registered {@code name}, from the cache. */
    public Optional<String> ownerOf(String name) {
        return Optional.ofNullable(owners.get(name));
    }

    /** The names known now, from the cache. */
    public List<String> names() {
        return List.copyOf(owners.keySet());
    }

    /**
     * The actor registered as {@code name}: local if this node registered it, else a remote ref
     * (the first lookup on a node opens a connection to it). Empty if the name is unknown, or its
     * node is not a member with an actor address.
     */
    public <M> Optional<ActorRef<M>> whereIs(String name) throws IOException {
        return resolve(name, owners.get(name));
    }

    /** As {@link #whereIs}, asking etcd instead of the cache (for comparison and tests). */
    public <M> Optional<ActorRef<M>> whereIsUncached(String name) throws IOException {
        return resolve(name, cluster.etcd().range(NAMES + name).entries().stream().map(Entry::text).findFirst().orElse(null));
    }

    @SuppressWarnings("unchecked")
    private <M> Optional<ActorRef<M>> resolve(String name, String owner) throws IOException {
        if (owner == null) {
            return Optional.empty();
        }
        if (owner.equals(cluster.self().name())) {
            return Optional.ofNullable((ActorRef<M>) mine.get(name));
        }
        RemoteNode link = linkTo(owner);
        return link == null ? Optional.empty() : Optional.of(link.ref(name));
    }

    /** The connection to node {@code owner}, opened if there is none up; null if it has no actor address. */
    private RemoteNode linkTo(String owner) throws IOException {
        Member m = cluster.memberOrRead(owner);
        if (m == null || m.address().isEmpty()) {
            return null;
        }
        RemoteNode link = links.get(m.address());
        if (link == null || !link.isUp()) {
            int colon = m.address().lastIndexOf(':');
            link = node.connect(m.address().substring(0, colon), Integer.parseInt(m.address().substring(colon + 1)));
            links.put(m.address(), link);
        }
        return link;
    }

    /**
     * Monitors the actor registered as {@code name} on another node: {@code watcher} gets a
     * {@link io.shrapnel.mailbox.Down} when it exits, when the connection dies, and when membership
     * says its node is gone (reason {@code NodeLost}).
     *
     * @return false if the name is unknown or belongs to this node (monitor local actors with the mailbox module)
     */
    public boolean monitor(String name, ActorRef<Object> watcher) throws IOException {
        String owner = owners.get(name);
        if (owner == null || owner.equals(cluster.self().name())) {
            return false;
        }
        RemoteNode link = linkTo(owner);
        if (link == null) {
            return false;
        }
        link.monitor(link.ref(name), watcher, down -> down);
        return true;
    }

    /** How many connections to other nodes this registry holds now (for tests). */
    int linkCount() {
        return links.size();
    }

    /** How many times the names were read again because the watch could not go on (etcd compacted its revisions). */
    public int resyncs() {
        return names.resyncs();
    }

    /**
     * The node's lease was lost and granted anew: its names went with the old one; put them back. A
     * name another node registered meanwhile stays theirs and is dropped here.
     */
    private void reRegister(long lease) throws IOException {
        String self = cluster.self().name();
        for (String name : List.copyOf(mine.keySet())) {
            String key = NAMES + name;
            if (!cluster.etcd().putIfAbsent(key, self, lease) && !Cluster.heldUnder(cluster.etcd(), key, lease)) {
                mine.remove(name);
                Registry.unregister(name);
                Coro.printStderr("cluster name '" + name + "' was registered by another node while node " + self
                        + "'s lease was lost: it is theirs now\n");
            }
        }
    }

    /** Stops the watch and closes the connections to other nodes; the names stay until the lease goes. */
    @Override
    public void close() {
        cluster.unsubscribe(membership);
        names.close();
        for (RemoteNode link : links.values()) {
            link.close();
        }
        links.clear();
        for (String name : mine.keySet()) {
            Registry.unregister(name);
        }
        Actors.stop(membership);
    }
}
