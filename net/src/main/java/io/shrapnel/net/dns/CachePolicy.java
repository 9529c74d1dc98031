package io.shrapnel.net.dns;

import java.time.Duration;

/**
 * How the resolver caches: how many answers, and the bounds put on their TTLs.
 *
 * @param maxEntries answers kept at most (0 turns the cache off; identical lookups in flight are
 *     still coalesced)
 * @param minTtl TTLs below this are raised to it (0: the server's TTL stands; a TTL of 0 is not cached)
 * @param maxTtl TTLs above this are lowered to it
 * @param maxNegativeTtl bound on the TTL of NXDOMAIN and NODATA answers (from the SOA)
 */
public record CachePolicy(int maxEntries, Duration minTtl, Duration maxTtl, Duration maxNegativeTtl) {
    /** 10,000 answers, TTLs as the servers say up to a day, negative answers up to an hour. */
    public static final CachePolicy DEFAULT =
            new CachePolicy(10_000, Duration.ZERO, Duration.ofDays(1), Duration.ofHours(1));

    public CachePolicy {
        if (maxEntries < 0 || minTtl.isNegative() || maxTtl.compareTo(minTtl) < 0 || maxNegativeTtl.isNegative()) {
            throw new IllegalArgumentException("cache policy needs maxEntries >= 0 and 0 <= minTtl <= maxTtl, "
                    + "maxNegativeTtl >= 0; got " + this);
        }
    }

    long clampPositive(long ttl) {
        return ttl <= 0 && minTtl.isZero() ? 0 : Math.clamp(ttl, minTtl.toSeconds(), maxTtl.toSeconds());
    }

    long clampNegative(long ttl) {
        return Math.min(ttl, maxNegativeTtl.toSeconds());
    }
}
