package io.shrapnel.net.dns;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The answer to one question after its CNAME chain was followed: the records of the asked type owned
 * by the canonical name (empty for NODATA: the name exists but has no such records), the CNAME records
 * that led there, and how long the answer may be kept.
 *
 * @param name the name asked for (after the search list: the name that answered)
 * @param type the type asked for
 * @param canonicalName the end of the CNAME chain ({@code name} itself without one)
 * @param records the records of {@code type} owned by {@code canonicalName}
 * @param chain the CNAME records followed, in order
 * @param ttlSeconds seconds the answer is still valid (the least TTL of the chain and the records)
 */
public record DnsAnswer(DnsName name, RecordType type, DnsName canonicalName, List<ResourceRecord> records,
                        List<ResourceRecord> chain, long ttlSeconds) {
    public DnsAnswer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(canonicalName, "canonicalName");
        records = List.copyOf(records);
        chain = List.copyOf(chain);
    }

    /** True for NODATA: the name exists but holds no record of this type. */
    public boolean isEmpty() {
        return records.isEmpty();
    }

    /** The data of the records, in order. */
    public List<RData> data() {
        return records.stream().map(ResourceRecord::data).toList();
    }

    /** The addresses of A and AAAA records, in order. */
    public List<InetAddress> addresses() {
        List<InetAddress> out = new ArrayList<>(records.size());
        for (ResourceRecord rr : records) {
            switch (rr.data()) {
                case RData.A a -> out.add(a.address());
                case RData.Aaaa a -> out.add(a.address());
                default -> { }
            }
        }
        return out;
    }

    /** This answer with its TTL lowered to what is left of it. */
    DnsAnswer withTtl(long seconds) {
        return new DnsAnswer(name, type, canonicalName, records, chain, seconds);
    }
}
