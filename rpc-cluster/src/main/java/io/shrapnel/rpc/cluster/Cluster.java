package io.shrapnel.rpc.cluster;

import io.shrapnel.mailbox.ActorRef;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Membership of a cluster of nodes on etcd. {@link #join} registers this node under
 * {@code /shrapnel/cluster/members/<name>} attached to a lease that a coro keeps alive, then watches
 * that prefix: every subscribed actor gets {@link ClusterEvent.NodeUp} and {@link ClusterEvent.NodeDown}.
 * A node whose process dies stops refreshing its lease; etcd deletes its key when the lease expires
 * (TTL, at least 2 s) and the others see NodeDown within TTL + 1 s.
 *
 * <pre>{@code
 * // in a coro
 * Cluster cluster = Cluster.join(List.of("http://127.0.0.1:2379"), "node-a",
 *         new InetSocketAddress("127.0.0.1", 27002));
 * cluster.subscribe(myActor);                 // NodeUp for each member now, then changes
 * cluster.members();                          // the members now
 * cluster.close();                            // leaves: the others see NodeDown at once
 * }</pre>
 *
 * <p>Threading: made in a coro; its watch and lease coros run on that coro's loop. {@link #members()}
 * and {@link #subscribe} may be called from any coro of that loop.
 */
public final class Cluster implements AutoCloseable {
    /** Where the members are kept in etcd. */
    public static final String MEMBERS = "/shrapnel/cluster/members/";
    /** The lease TTL unless {@link #join(List, String, InetSocketAddress, Duration)} says otherwise. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(2);

    /** Leases granted before a join gives up when each runs out before the member key is stored. */
    private static final int JOIN_ATTEMPTS = 3;

    private final EtcdClient etcd;
    private final Member self;
    private final Duration ttl;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final List<ActorRef<? super ClusterEvent>> subscribers = new CopyOnWriteArrayList<>();
    private final List<LeaseKeeper.Renewal> renewals = new CopyOnWriteArrayList<>();
    private LeaseKeeper lease;
    private PrefixFollower follower;
    private boolean closed;

    private Cluster(EtcdClient etcd, Member self, Duration ttl) {
        this.etcd = etcd;
        this.self = self;
        this.ttl = ttl;
    }

    /** Joins as {@code nodeName} without an actor address (a member that only watches). */
    public static Cluster join(List<String> etcdEndpoints, String nodeName) throws IOException {
        return join(etcdEndpoints, nodeName, null, DEFAULT_TTL);
    }

    /** Joins as {@code nodeName} whose {@code ActorNode} listens on {@code actorAddress}. */
    public static Cluster join(List<String> etcdEndpoints, String nodeName, InetSocketAddress actorAddress)
            throws IOException {
        return join(etcdEndpoints, nodeName, actorAddress, DEFAULT_TTL);
    }

    /**
     * Joins with a lease of {@code ttl} (at least 2 s: etcd's minimum).
     *
     * @throws IllegalStateException if a live node already has this name
     * @throws EtcdException if etcd cannot be reached
     */
    public static Cluster join(List<String> etcdEndpoints, String nodeName, InetSocketAddress actorAddress, Duration ttl)
            throws IOException {
        if (nodeName.isEmpty() || nodeName.contains("/")) {
            throw new IllegalArgumentException("a node name is not empty and has no '/': '" + nodeName + "'");
        }
        if (ttl.compareTo(Duration.ofSeconds(2)) < 0) {
            throw new IllegalArgumentException("etcd's shortest lease is 2 s, not " + ttl);
        }
        String address = actorAddress == null ? "" : actorAddress.getHostString() + ":" + actorAddress.getPort();
        Cluster c = new Cluster(EtcdClient.connect(etcdEndpoints), new Member(nodeName, address), ttl);
        try {
            c.start();
        } catch (IOException | RuntimeException e) {
            c.etcd.close();
            throw e;
        }
        return c;
    }

    private void start() throws IOException {
        for (int attempt = 1; ; attempt++) {
            lease = LeaseKeeper.start(etcd, ttl, this::renew);
            boolean stored;
            try {
                stored = etcd.putIfAbsent(MEMBERS + self.name(), self.address(), lease.id());
            } catch (EtcdException e) {
                lease.close();
                // The lease ran out before the put (this loop stalled longer than the TTL, say while a
                // new JVM loads its classes): a fresh lease, and the put again.
                if (e.code() != EtcdException.NOT_FOUND || attempt == JOIN_ATTEMPTS) {
                    throw e;
                }
                continue;
            }
            if (!stored) {
                lease.close();
                throw new IllegalStateException("a node named '" + self.name() + "' is already a member of the cluster");
            }
            break;
        }
        follower = PrefixFollower.start(etcd, MEMBERS, new PrefixFollower.Sink() {
            @Override
            public void reset(List<Entry> entries) {
                resetMembers(entries);
            }

            @Override
            public void onEvents(List<WatchEvent> events) {
                for (WatchEvent e : events) {
                    String name = e.entry().key().substring(MEMBERS.length());
                    if (e.deleted()) {
                        down(name);
                    } else {
                        up(new Member(name, e.entry().text()));
                    }
                }
            }
        });
    }

    /** The members as read from etcd now: NodeDown for those gone meanwhile, NodeUp for new ones. */
    private void resetMembers(List<Entry> entries) {
        Map<String, Member> fresh = new LinkedHashMap<>();
        for (Entry e : entries) {
            Member m = new Member(e.key().substring(MEMBERS.length()), e.text());
            fresh.put(m.name(), m);
        }
        for (Member gone : new ArrayList<>(members.values())) {
            if (!fresh.containsKey(gone.name())) {
                down(gone.name());
            }
        }
        for (Member m : fresh.values()) {
            up(m);
        }
    }

    private void up(Member m) {
        Member old = members.put(m.name(), m);
        if (!m.equals(old)) {
            publish(new ClusterEvent.NodeUp(m));
        }
    }

    private void down(String name) {
        Member old = members.remove(name);
        if (old != null) {
            publish(new ClusterEvent.NodeDown(old));
        }
    }

    private void publish(ClusterEvent event) {
        for (ActorRef<? super ClusterEvent> s : subscribers) {
            s.tell(event);
        }
    }

    /**
     * Lease lost and granted anew: put this node (and whatever else hung on it) back. The member key
     * went with the old lease; if another node took this name meanwhile, this node stays out (the
     * keeper tries again each round) rather than take it over.
     */
    private void renew(long newLease) throws IOException {
        String key = MEMBERS + self.name();
        if (!etcd.putIfAbsent(key, self.address(), newLease) && !heldUnder(etcd, key, newLease)) {
            throw new IllegalStateException("another node took the name '" + self.name()
                    + "' while this node's lease was lost: this node stays out of the cluster until the name is free");
        }
        for (LeaseKeeper.Renewal r : renewals) {
            r.onNewLease(newLease);
        }
    }

    /** True if {@code key} exists attached to {@code lease} (put back by an earlier try of a renewal). */
    static boolean heldUnder(EtcdClient etcd, String key, long lease) throws IOException {
        return etcd.range(key).entries().stream().anyMatch(e -> e.lease() == lease);
    }

    /** This node. */
    public Member self() {
        return self;
    }

    /** The members now (this node included), in the order they were seen. */
    public Collection<Member> members() {
        return List.copyOf(members.values());
    }

    /** The member named {@code name}, or null. */
    public Member member(String name) {
        return members.get(name);
    }

    /**
     * The member named {@code name} as this node knows it, or else as etcd has it now (the member
     * watch and another watch, say the registry's, are separate streams: a name may arrive before
     * its node does). Null if etcd has no such member either.
     */
    Member memberOrRead(String name) throws IOException {
        Member known = members.get(name);
        if (known != null) {
            return known;
        }
        return etcd.range(MEMBERS + name).entries().stream().findFirst().map(e -> new Member(name, e.text())).orElse(null);
    }

    /** Sends {@code subscriber} a NodeUp for each member now, then every change. */
    public void subscribe(ActorRef<? super ClusterEvent> subscriber) {
        for (Member m : members.values()) {
            subscriber.tell(new ClusterEvent.NodeUp(m));
        }
        subscribers.add(subscriber);
    }

    /** How many actors are subscribed now (for tests). */
    int subscriberCount() {
        return subscribers.size();
    }

    /** Stops sending to {@code subscriber}. */
    public void unsubscribe(ActorRef<? super ClusterEvent> subscriber) {
        subscribers.remove(subscriber);
    }

    /** The etcd client this node uses (for the registry, elections and locks). */
    public EtcdClient etcd() {
        return etcd;
    }

    /** How many times the members were read again because the watch could not go on (etcd compacted its revisions). */
    public int resyncs() {
        return follower.resyncs();
    }

    /** The TTL of this node's lease. */
    public Duration ttl() {
        return ttl;
    }

    /** The lease this node's keys hang on (it changes if etcd lost it and it was granted again). */
    public long lease() {
        return lease.id();
    }

    /**
     * How many times this node lost its lease (etcd let it run out while this node's loop stalled or
     * could not reach etcd for longer than the TTL) and joined again under a new one, its member key
     * and registered names put back. Each time the others saw this node down, then up again, and
     * this node's subscribers got {@code NodeDown} and {@code NodeUp} for this node itself.
     */
    public int rejoins() {
        return lease.renewed();
    }

    /** Calls {@code renewal} with the new lease whenever the node's lease is granted anew. */
    void onNewLease(LeaseKeeper.Renewal renewal) {
        renewals.add(renewal);
    }

    /** Leaves the cluster: revokes the lease (the others see NodeDown at once) and stops the watch; again: nothing. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            follower.close();
            lease.close();
        } finally {
            etcd.close();
        }
    }
}
