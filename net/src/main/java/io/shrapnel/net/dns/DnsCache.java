package io.shrapnel.net.dns;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers by (name, type) until their TTL runs out, at most {@code maxEntries} of them, the least
 * recently used evicted first. TTLs are clamped to the policy's bounds; negative answers (NXDOMAIN,
 * NODATA) carry the TTL the SOA gave them (RFC 2308 §5) and their own upper bound. Failures are not
 * cached.
 *
 * <p>Threading: any thread; every method holds the cache's lock briefly and never parks.
 */
final class DnsCache {
    record Key(DnsName name, RecordType type) {}

    private record Slot(Outcome outcome, long expiresAt) {}

    private final CachePolicy policy;
    private final LinkedHashMap<Key, Slot> entries;
    private long hits;
    private long misses;
    private long evictions;

    DnsCache(CachePolicy policy) {
        this.policy = policy;
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Slot> eldest) {
                if (size() > DnsCache.this.policy.maxEntries()) {
                    evictions++;
                    return true;
                }
                return false;
            }
        };
    }

    /** The cached outcome with its TTL lowered to what is left, or null (counted as a miss). */
    /** When the kept outcome for {@code key} expires, or {@code nowNanos} if none is kept. */
    synchronized long expiresAt(Key key, long nowNanos) {
        Slot e = entries.get(key);
        return e == null ? nowNanos : e.expiresAt;
    }

    synchronized Outcome get(Key key, long nowNanos) {
        Slot e = entries.get(key);
        if (e != null && e.expiresAt - nowNanos <= 0) {
            entries.remove(key);
            e = null;
        }
        if (e == null) {
            misses++;
            return null;
        }
        hits++;
        long left = (e.expiresAt - nowNanos) / 1_000_000_000L;
        return switch (e.outcome) {
            case Outcome.Answer a -> new Outcome.Answer(a.answer().withTtl(left));
            case Outcome.NameNotFound n -> new Outcome.NameNotFound(n.name(), n.lastName(), left);
            case Outcome.Failed f -> f;
        };
    }

    /** Keeps {@code outcome} for its clamped TTL; failures and zero TTLs are not kept. */
    synchronized void put(Key key, Outcome outcome, long nowNanos) {
        long ttl = switch (outcome) {
            case Outcome.Failed f -> 0;
            case Outcome.NameNotFound n -> policy.clampNegative(n.ttlSeconds());
            case Outcome.Answer a -> a.isNegative() ? policy.clampNegative(a.ttlSeconds())
                    : policy.clampPositive(a.ttlSeconds());
        };
        if (ttl <= 0 || policy.maxEntries() == 0) {
            return;
        }
        entries.put(key, new Slot(outcome, nowNanos + ttl * 1_000_000_000L));
    }

    synchronized void clear() {
        entries.clear();
    }

    record Snapshot(int size, long hits, long misses, long evictions) {}

    synchronized Snapshot snapshot() {
        return new Snapshot(entries.size(), hits, misses, evictions);
    }
}
