package io.shrapnel.net.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * RDATA of each type to and from the wire. Names inside CNAME, NS, PTR, MX and SOA data are
 * compressed when written (RFC 1035 types); SRV targets and unknown types never are (RFC 2782,
 * RFC 3597 §4), though all are decompressed when read, as servers in the wild do compress them.
 */
final class RDataCodec {
    private RDataCodec() {}

    static void write(WireWriter w, RData data) {
        switch (data) {
            case RData.A a -> w.bytes(a.address().getAddress());
            case RData.Aaaa a -> w.bytes(a.address().getAddress());
            case RData.Cname c -> w.name(c.target(), true);
            case RData.Ns n -> w.name(n.host(), true);
            case RData.Ptr p -> w.name(p.target(), true);
            case RData.Mx m -> {
                w.u16(m.preference());
                w.name(m.exchange(), true);
            }
            case RData.Soa s -> {
                w.name(s.primary(), true);
                w.name(s.mailbox(), true);
                w.u32(s.serial());
                w.u32(s.refresh());
                w.u32(s.retry());
                w.u32(s.expire());
                w.u32(s.minimum());
            }
            case RData.Txt t -> {
                for (byte[] s : t.stringsShared()) {
                    w.u8(s.length);
                    w.bytes(s);
                }
            }
            case RData.Srv s -> {
                w.u16(s.priority());
                w.u16(s.weight());
                w.u16(s.port());
                w.name(s.target(), false);
            }
            case RData.Unknown u -> w.bytes(u.dataShared());
        }
    }

    /** Reads RDATA of {@code type}; the reader is narrowed to exactly its RDLENGTH bytes. */
    static RData read(WireReader r, RecordType type) throws DnsFormatException {
        RData data = switch (type.code()) {
            case 1 -> new RData.A((Inet4Address) address(r, 4, "A"));
            case 28 -> new RData.Aaaa(ipv6(r));
            case 5 -> new RData.Cname(r.name());
            case 2 -> new RData.Ns(r.name());
            case 12 -> new RData.Ptr(r.name());
            case 15 -> new RData.Mx(r.u16("MX preference"), r.name());
            case 6 -> new RData.Soa(r.name(), r.name(), r.u32("SOA serial"), r.u32("SOA refresh"),
                    r.u32("SOA retry"), r.u32("SOA expire"), r.u32("SOA minimum"));
            case 16 -> txt(r);
            case 33 -> new RData.Srv(r.u16("SRV priority"), r.u16("SRV weight"), r.u16("SRV port"), r.name());
            default -> new RData.Unknown(type, r.bytes(r.remaining(), "RDATA"));
        };
        if (r.remaining() != 0) {
            throw r.error(type + " RDATA has " + r.remaining() + " bytes left over after its fields");
        }
        return data;
    }

    private static InetAddress address(WireReader r, int size, String type) throws DnsFormatException {
        if (r.remaining() != size) {
            throw r.error(type + " RDATA must be " + size + " bytes, not " + r.remaining());
        }
        try {
            return InetAddress.getByAddress(r.bytes(size, type + " address"));
        } catch (UnknownHostException impossible) {
            throw new AssertionError(impossible); // only thrown for a wrong length, checked above
        }
    }

    private static Inet6Address ipv6(WireReader r) throws DnsFormatException {
        if (r.remaining() != 16) {
            throw r.error("AAAA RDATA must be 16 bytes, not " + r.remaining());
        }
        try {
            // getByAddress(null, bytes, -1) keeps an IPv4-mapped address an Inet6Address.
            return Inet6Address.getByAddress(null, r.bytes(16, "AAAA address"), -1);
        } catch (UnknownHostException impossible) {
            throw new AssertionError(impossible);
        }
    }

    private static RData.Txt txt(WireReader r) throws DnsFormatException {
        List<byte[]> strings = new ArrayList<>(1);
        while (r.remaining() > 0) {
            int len = r.u8("TXT string length");
            strings.add(r.bytes(len, "TXT string"));
        }
        return new RData.Txt(strings);
    }
}
