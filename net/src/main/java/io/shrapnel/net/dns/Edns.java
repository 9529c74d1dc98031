package io.shrapnel.net.dns;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The EDNS0 OPT pseudo-record of a message (RFC 6891): the UDP payload size the sender can
 * receive, the high 8 bits of the rcode, the version, the DO bit, and the options (kept as their
 * raw bytes).
 *
 * <p>{@link #DEFAULT} advertises 1232 bytes, the size the DNS flag day 2020 settled on: it fits an
 * IPv6 packet on a 1280-byte path without fragmentation, and a larger answer comes back truncated
 * and is asked again over TCP.
 */
public record Edns(int udpPayloadSize, int extendedRcode, int version, boolean dnssecOk, byte[] options) {
    public static final int DEFAULT_UDP_PAYLOAD_SIZE = 1232;
    public static final Edns DEFAULT = new Edns(DEFAULT_UDP_PAYLOAD_SIZE, 0, 0, false, new byte[0]);

    public Edns {
        if (udpPayloadSize < 0 || udpPayloadSize > 0xffff) {
            throw new IllegalArgumentException("UDP payload size " + udpPayloadSize + " is not in 0..65535");
        }
        if (extendedRcode < 0 || extendedRcode > 0xff || version < 0 || version > 0xff) {
            throw new IllegalArgumentException("extended rcode and version are bytes: " + extendedRcode + ", " + version);
        }
        options = options.clone();
    }

    @Override
    public byte[] options() {
        return options.clone();
    }

    byte[] optionsShared() {
        return options;
    }

    /** The TTL field of the OPT record: extended rcode, version, DO bit. */
    long ttlField() {
        return (long) extendedRcode << 24 | (long) version << 16 | (dnssecOk ? 0x8000 : 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Edns e && e.udpPayloadSize == udpPayloadSize && e.extendedRcode == extendedRcode
                && e.version == version && e.dnssecOk == dnssecOk && Arrays.equals(e.options, options);
    }

    @Override
    public int hashCode() {
        return ((udpPayloadSize * 31 + extendedRcode) * 31 + version) * 31 + Arrays.hashCode(options)
                + (dnssecOk ? 1 : 0);
    }

    @Override
    public String toString() {
        return "Edns[udp=" + udpPayloadSize + " version=" + version + (dnssecOk ? " do" : "")
                + (extendedRcode != 0 ? " extendedRcode=" + extendedRcode : "")
                + (options.length > 0 ? " options=" + HexFormat.of().formatHex(options) : "") + "]";
    }
}
