package io.shrapnel.net.dns;


/**
 * How one question ended, as the cache and the coros waiting for the same question see it.
 */
sealed interface Outcome {
    /** Seconds it may be cached (0: not at all). */
    long ttlSeconds();

    /** An answer, possibly empty (NODATA). */
    record Answer(DnsAnswer answer) implements Outcome {
        @Override
        public long ttlSeconds() {
            return answer.ttlSeconds();
        }

        boolean isNegative() {
            return answer.isEmpty();
        }
    }

    /** NXDOMAIN: {@code lastName}, the end of the chain from {@code name}, does not exist. */
    record NameNotFound(DnsName name, DnsName lastName, long ttlSeconds) implements Outcome {}

    /** No usable answer (timeouts, refusals, failures): never cached. */
    record Failed(DnsLookupException error) implements Outcome {
        @Override
        public long ttlSeconds() {
            return 0;
        }
    }
}
