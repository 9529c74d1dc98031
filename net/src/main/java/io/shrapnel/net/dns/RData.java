package io.shrapnel.net.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The data of a resource record. The types a stub resolver meets are parsed into records; any other
 * type is kept as its raw bytes ({@link Unknown}), so a message with unusual records still decodes
 * and encodes back unchanged.
 */
public sealed interface RData {
    RecordType type();

    /** An IPv4 address. */
    record A(Inet4Address address) implements RData {
        public A {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public RecordType type() {
            return RecordType.A;
        }
    }

    /** An IPv6 address. */
    record Aaaa(Inet6Address address) implements RData {
        public Aaaa {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public RecordType type() {
            return RecordType.AAAA;
        }
    }

    /** The canonical name this owner is an alias of. */
    record Cname(DnsName target) implements RData {
        public Cname {
            Objects.requireNonNull(target, "target");
        }

        @Override
        public RecordType type() {
            return RecordType.CNAME;
        }
    }

    /** An authoritative name server of the owner's zone. */
    record Ns(DnsName host) implements RData {
        public Ns {
            Objects.requireNonNull(host, "host");
        }

        @Override
        public RecordType type() {
            return RecordType.NS;
        }
    }

    /** A name the owner points to (reverse lookups: 1.0.0.127.in-addr.arpa → localhost). */
    record Ptr(DnsName target) implements RData {
        public Ptr {
            Objects.requireNonNull(target, "target");
        }

        @Override
        public RecordType type() {
            return RecordType.PTR;
        }
    }

    /** A mail exchanger; lower preference first. */
    record Mx(int preference, DnsName exchange) implements RData {
        public Mx {
            checkU16(preference, "MX preference");
            Objects.requireNonNull(exchange, "exchange");
        }

        @Override
        public RecordType type() {
            return RecordType.MX;
        }
    }

    /**
     * Start of authority. {@code minimum} together with the SOA record's own TTL bounds how long a
     * negative answer may be cached (RFC 2308 §5).
     */
    record Soa(DnsName primary, DnsName mailbox, long serial, long refresh, long retry, long expire, long minimum)
            implements RData {
        public Soa {
            Objects.requireNonNull(primary, "primary");
            Objects.requireNonNull(mailbox, "mailbox");
            checkU32(serial, "SOA serial");
            checkU32(refresh, "SOA refresh");
            checkU32(retry, "SOA retry");
            checkU32(expire, "SOA expire");
            checkU32(minimum, "SOA minimum");
        }

        @Override
        public RecordType type() {
            return RecordType.SOA;
        }
    }

    /** Text: one or more character-strings of up to 255 bytes each (kept as bytes; DNS has no charset). */
    record Txt(List<byte[]> strings) implements RData {
        public Txt {
            List<byte[]> copy = new ArrayList<>(strings.size());
            for (byte[] s : strings) {
                if (s.length > 255) {
                    throw new IllegalArgumentException("TXT string of " + s.length
                            + " bytes; a character-string holds at most 255: split it");
                }
                copy.add(s.clone());
            }
            strings = List.copyOf(copy);
        }

        /** A TXT record of UTF-8 strings. */
        public static Txt of(String... strings) {
            List<byte[]> bytes = new ArrayList<>(strings.length);
            for (String s : strings) {
                bytes.add(s.getBytes(StandardCharsets.UTF_8));
            }
            return new Txt(bytes);
        }

        /** The strings, copied (the record's own arrays stay unchanged). */
        @Override
        public List<byte[]> strings() {
            return strings.stream().map(byte[]::clone).toList();
        }

        /** The strings read as UTF-8 (bytes that are not UTF-8 become U+FFFD). */
        public List<String> texts() {
            return strings.stream().map(s -> new String(s, StandardCharsets.UTF_8)).toList();
        }

        /** All strings joined into one, as SPF and DKIM records are read. */
        public String joined() {
            return String.join("", texts());
        }

        List<byte[]> stringsShared() {
            return strings;
        }

        @Override
        public RecordType type() {
            return RecordType.TXT;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Txt other) || other.strings.size() != strings.size()) {
                return false;
            }
            for (int i = 0; i < strings.size(); i++) {
                if (!Arrays.equals(strings.get(i), other.strings.get(i))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            int h = 1;
            for (byte[] s : strings) {
                h = 31 * h + Arrays.hashCode(s);
            }
            return h;
        }

        @Override
        public String toString() {
            return "Txt" + texts();
        }
    }

    /** A service location (RFC 2782): lower priority first, then by weight. */
    record Srv(int priority, int weight, int port, DnsName target) implements RData {
        public Srv {
            checkU16(priority, "SRV priority");
            checkU16(weight, "SRV weight");
            checkU16(port, "SRV port");
            Objects.requireNonNull(target, "target");
        }

        @Override
        public RecordType type() {
            return RecordType.SRV;
        }
    }

    /** Any other type, kept as the bytes of its RDATA (RFC 3597). */
    record Unknown(RecordType type, byte[] data) implements RData {
        public Unknown {
            Objects.requireNonNull(type, "type");
            if (data.length > 0xffff) {
                throw new IllegalArgumentException("RDATA of " + data.length + " bytes; at most 65535 fit");
            }
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        byte[] dataShared() {
            return data;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Unknown other && other.type.equals(type) && Arrays.equals(other.data, data);
        }

        @Override
        public int hashCode() {
            return 31 * type.hashCode() + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Unknown[" + type + " " + HexFormat.of().formatHex(data) + "]";
        }
    }

    private static void checkU16(int v, String what) {
        if (v < 0 || v > 0xffff) {
            throw new IllegalArgumentException(what + " " + v + " is not in 0..65535");
        }
    }

    private static void checkU32(long v, String what) {
        if (v < 0 || v > 0xffffffffL) {
            throw new IllegalArgumentException(what + " " + v + " is not in 0..4294967295");
        }
    }
}
