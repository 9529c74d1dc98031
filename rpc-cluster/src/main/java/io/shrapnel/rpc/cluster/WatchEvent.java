package io.shrapnel.rpc.cluster;

/**
 * One change seen by a watch.
 *
 * @param deleted true for a delete (or a lease's expiry), false for a put
 * @param entry the key (for a delete only its key and {@code modRevision} are meaningful)
 */
public record WatchEvent(boolean deleted, Entry entry) {}
