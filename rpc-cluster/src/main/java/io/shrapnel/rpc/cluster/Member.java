package io.shrapnel.rpc.cluster;

/**
 * A node of the cluster.
 *
 * @param name its unique name
 * @param address where its actors are reached ({@code host:port} of its {@code ActorNode}), empty if none
 */
public record Member(String name, String address) {}
