package io.shrapnel.rpc.cluster;

import java.util.List;

/**
 * The answer to a range read.
 *
 * @param entries the keys found, in key order
 * @param revision the store's revision when it was read (watch from {@code revision + 1} to miss nothing)
 */
public record Range(List<Entry> entries, long revision) {}
