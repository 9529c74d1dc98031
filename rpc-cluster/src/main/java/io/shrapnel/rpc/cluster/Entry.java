package io.shrapnel.rpc.cluster;

import java.nio.charset.StandardCharsets;

/**
 * A key and its value as etcd holds them.
 *
 * @param key the key
 * @param value the value's bytes
 * @param createRevision the revision that created the key
 * @param modRevision the revision of its last change
 * @param lease the lease it is attached to (0: none)
 */
public record Entry(String key, byte[] value, long createRevision, long modRevision, long lease) {
    /** The value as UTF-8 text. */
    public String text() {
        return new String(value, StandardCharsets.UTF_8);
    }
}
