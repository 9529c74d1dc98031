package io.shrapnel.rpc.cluster;

/** What {@link Cluster#subscribe} delivers: a node joined or left (or its lease expired). */
public sealed interface ClusterEvent permits ClusterEvent.NodeUp, ClusterEvent.NodeDown {
    /** The node concerned. */
    Member member();

    /** {@code member} is in the cluster (sent for each current member when an actor subscribes). */
    record NodeUp(Member member) implements ClusterEvent {}

    /** {@code member} left, or its lease expired (the process died or was cut off from etcd). */
    record NodeDown(Member member) implements ClusterEvent {}
}
