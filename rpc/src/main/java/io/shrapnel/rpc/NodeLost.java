package io.shrapnel.rpc;

/**
 * The reason in a {@link io.shrapnel.mailbox.Down} for a remote actor whose node is gone: its
 * connection died or its heartbeats stopped. The actor may still be running there.
 */
public final class NodeLost extends Exception {
    public NodeLost(String node, String detail) {
        super("node lost: " + node + " (" + detail + ")");
    }
}
