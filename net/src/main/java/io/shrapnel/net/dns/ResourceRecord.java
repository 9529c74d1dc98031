package io.shrapnel.net.dns;

import java.util.Objects;

/**
 * A resource record of the answer, authority or additional section. Its type is its data's
 * ({@link RData#type()}). TTLs are seconds, 0..2^31-1: a value with the top bit set reads as 0
 * (RFC 2181 §8).
 */
public record ResourceRecord(DnsName name, int dnsClass, long ttl, RData data) {
    /** Largest TTL (RFC 2181 §8). */
    public static final long MAX_TTL = 0x7fffffffL;

    public ResourceRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
        if (dnsClass < 0 || dnsClass > 0xffff) {
            throw new IllegalArgumentException("class " + dnsClass + " is not a 16-bit code");
        }
        if (ttl < 0 || ttl > MAX_TTL) {
            throw new IllegalArgumentException("TTL " + ttl + " is not in 0..2147483647 seconds");
        }
        if (data.type().equals(RecordType.OPT)) {
            throw new IllegalArgumentException("the OPT pseudo-record is not a resource record here; "
                    + "give the message an Edns instead");
        }
    }

    /** A record of class IN. */
    public ResourceRecord(DnsName name, long ttl, RData data) {
        this(name, Question.IN, ttl, data);
    }

    public RecordType type() {
        return data.type();
    }

    @Override
    public String toString() {
        return name + " " + ttl + " " + (dnsClass == Question.IN ? "IN" : "CLASS" + dnsClass) + " " + type() + " "
                + data;
    }
}
