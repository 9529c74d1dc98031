package io.shrapnel.net.dns;

import java.util.Objects;

/** One entry of the question section: which name, type and class are asked for. */
public record Question(DnsName name, RecordType type, int dnsClass) {
    /** The Internet class, the only one a stub resolver asks for. */
    public static final int IN = 1;

    public Question {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (dnsClass < 0 || dnsClass > 0xffff) {
            throw new IllegalArgumentException("class " + dnsClass + " is not a 16-bit code");
        }
    }

    public Question(DnsName name, RecordType type) {
        this(name, type, IN);
    }

    @Override
    public String toString() {
        return name + " " + (dnsClass == IN ? "IN" : "CLASS" + dnsClass) + " " + type;
    }
}
