package io.shrapnel.net.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exact bytes on the wire, written and read, for every type the codec parses. */
class DnsMessageWireTest {
    private static final HexFormat HEX = HexFormat.of();

    static byte[] hex(String s) {
        return HEX.parseHex(s.replaceAll("\\s+", ""));
    }

    static void assertHex(String expected, byte[] actual) {
        assertEquals(expected.replaceAll("\\s+", ""), HEX.formatHex(actual));
    }

    static DnsName n(String s) {
        return DnsName.of(s);
    }

    @Test
    void queryWithEdnsHasTheExactBytesDigWouldSend() throws Exception {
        byte[] wire = DnsMessage.query(0x1234, n("www.example.com"), RecordType.A).encode();
        assertHex("""
                1234 0100 0001 0000 0000 0001
                03777777 076578616d706c65 03636f6d 00 0001 0001
                00 0029 04d0 00000000 0000""", wire);
        DnsMessage back = DnsMessage.decode(wire);
        assertEquals(0x1234, back.header().id());
        assertTrue(back.header().recursionDesired());
        assertEquals(new Question(n("www.example.com"), RecordType.A), back.question());
        assertEquals(Edns.DEFAULT, back.edns());
        assertEquals(1232, back.edns().udpPayloadSize());
    }

    @Test
    void namesAreCompressedAgainstEverySuffixWrittenBefore() throws Exception {
        DnsName www = n("www.example.com");
        DnsMessage m = new DnsMessage(Header.query(0xbeef).asResponse(0), List.of(new Question(www, RecordType.A)),
                List.of(new ResourceRecord(www, 3600, new RData.Cname(n("web.example.com"))),
                        new ResourceRecord(n("web.example.com"), 3600, a("1.2.3.4"))),
                List.of(), List.of(), null);
        byte[] wire = m.encode();
        assertHex(("beef 8180 0001 0002 0000 0000"
                + "03777777 076578616d706c65 03636f6d 00 0001 0001"          // question at 12
                + "c00c 0005 0001 00000e10 0006 03776562 c010"              // CNAME data: web + ->example.com (16)
                + "c02d 0001 0001 00000e10 0004 01020304"),                  // owner -> web.example.com (45)
                wire);
        assertEquals(m, DnsMessage.decode(wire));
    }

    @Test
    void srvTargetIsNotCompressedButIsDecompressedWhenAServerDoes() throws Exception {
        DnsName owner = n("_sip._udp.test");
        DnsMessage m = new DnsMessage(Header.query(1).asResponse(0), List.of(new Question(owner, RecordType.SRV)),
                List.of(new ResourceRecord(owner, 60, new RData.Srv(10, 60, 5060, n("sip1.test")))),
                List.of(), List.of(), null);
        byte[] wire = m.encode();
        assertHex(("0001 8180 0001 0001 0000 0000"
                + "045f736970 045f756470 0474657374 00 0021 0001"
                + "c00c 0021 0001 0000003c 0011 000a 003c 13c4 0473697031 0474657374 00"), wire);
        // The same record with the target compressed (as some servers send it) decodes the same.
        byte[] compressed = hex("0001 8180 0001 0001 0000 0000"
                + "045f736970 045f756470 0474657374 00 0021 0001"
                + "c00c 0021 0001 0000003c 000d 000a 003c 13c4 0473697031 c016");
        assertEquals(m, DnsMessage.decode(compressed));
    }

    @Test
    void everyParsedTypeRoundTrips() throws Exception {
        DnsName z = n("test");
        List<ResourceRecord> answers = List.of(
                new ResourceRecord(n("www.test"), 300, a("127.0.0.10")),
                new ResourceRecord(n("www.test"), 300,
                        new RData.Aaaa((Inet6Address) InetAddress.getByName("2001:db8::1"))),
                new ResourceRecord(n("alias.test"), 300, new RData.Cname(n("www.test"))),
                new ResourceRecord(z, 300, new RData.Ns(n("ns1.test"))),
                new ResourceRecord(n("10.0.0.127.in-addr.arpa"), 300, new RData.Ptr(n("www.test"))),
                new ResourceRecord(z, 300, new RData.Mx(10, n("mail.test"))),
                new ResourceRecord(z, 300, new RData.Soa(n("ns1.test"), n("hostmaster.test"), 2024010101L, 3600,
                        600, 86400, 60)),
                new ResourceRecord(n("txt.test"), 300, RData.Txt.of("hello world", "second string")),
                new ResourceRecord(n("_ldap._tcp.test"), 300, new RData.Srv(0, 5, 20389, n("ldap.test"))),
                new ResourceRecord(z, 300, new RData.Unknown(new RecordType(99), hex("0b763d73706631202d616c6c"))),
                new ResourceRecord(z, 300, new RData.Unknown(new RecordType(257), new byte[0])));
        DnsMessage m = new DnsMessage(Header.query(7).asResponse(0), List.of(new Question(z, RecordType.ANY)),
                answers, List.of(), List.of(), Edns.DEFAULT);
        DnsMessage back = DnsMessage.decode(m.encode());
        assertEquals(m, back);
        assertEquals("hello worldsecond string", ((RData.Txt) back.answers().get(7).data()).joined());
        assertEquals("TYPE99", back.answers().get(9).type().toString());
    }

    @Test
    void soaMxAndTxtHaveTheirExactBytes() throws Exception {
        DnsMessage m = new DnsMessage(Header.query(2).asResponse(3), List.of(new Question(n("nope.test"), RecordType.A)),
                List.of(),
                List.of(new ResourceRecord(n("test"), 60, new RData.Soa(n("ns1.test"), n("hostmaster.test"),
                        2024010101L, 3600, 600, 86400, 60))),
                List.of(new ResourceRecord(n("test"), 300, new RData.Mx(10, n("mail.test"))),
                        new ResourceRecord(n("txt.test"), 300, RData.Txt.of("hi", ""))),
                null);
        assertHex(("0002 8183 0001 0000 0001 0002"
                + "046e6f7065 0474657374 00 0001 0001"                         // nope.test at 12, test at 17
                + "c011 0006 0001 0000003c 0027"
                + "036e7331 c011 0a686f73746d6173746572 c011"                 // ns1.test, hostmaster.test
                + "78a3f175 00000e10 00000258 00015180 0000003c"
                + "c011 000f 0001 0000012c 0009 000a 046d61696c c011"
                + "03747874 c011 0010 0001 0000012c 0004 026869 00"), m.encode());
        DnsMessage back = DnsMessage.decode(m.encode());
        assertEquals(Rcode.NXDOMAIN, back.rcode());
        assertEquals(m, back);
    }

    @Test
    void extendedRcodeCombinesTheOptRecordAndTheHeader() throws Exception {
        // BADVERS = 16: header rcode 0, extended rcode 1 in the OPT TTL's top byte.
        byte[] wire = hex("0009 8000 0000 0000 0000 0001 00 0029 1000 01000000 0000");
        DnsMessage m = DnsMessage.decode(wire);
        assertEquals(Rcode.BADVERS, m.rcode());
        assertEquals(4096, m.edns().udpPayloadSize());
        assertTrue(m.additionals().isEmpty());
        assertEquals(HEX.formatHex(wire), HEX.formatHex(m.encode()));
    }

    @Test
    void ednsDnssecOkBitAndOptionsAreKept() throws Exception {
        byte[] wire = hex("0009 0100 0000 0000 0000 0001 00 0029 04d0 00008000 0008 000a 0004 01020304");
        DnsMessage m = DnsMessage.decode(wire);
        assertTrue(m.edns().dnssecOk());
        assertEquals("000a000401020304", HEX.formatHex(m.edns().options()));
        assertEquals(HEX.formatHex(wire), HEX.formatHex(m.encode()));
    }

    @Test
    void ttlWithTheTopBitSetReadsAsZero() throws Exception {
        byte[] wire = hex("0001 8180 0000 0001 0000 0000 00 0001 0001 80000000 0004 7f000001");
        assertEquals(0, DnsMessage.decode(wire).answers().getFirst().ttl());
    }

    @Test
    void ipv4MappedAaaaStaysAnIpv6Address() throws Exception {
        byte[] wire = hex("0001 8180 0000 0001 0000 0000 00 001c 0001 0000003c 0010 00000000000000000000ffff7f000001");
        RData.Aaaa aaaa = (RData.Aaaa) DnsMessage.decode(wire).answers().getFirst().data();
        assertEquals(16, aaaa.address().getAddress().length);
    }

    @Test
    void trailingBytesAfterTheLastSectionAreIgnored() throws Exception {
        byte[] wire = hex("0001 8180 0000 0000 0000 0000 deadbeef");
        assertNull(DnsMessage.decode(wire).question());
    }

    @Test
    void headerFlagsMapBitForBit() {
        Header h = Header.fromFlags(1, 0xffff);
        assertTrue(h.response() && h.authoritative() && h.truncated() && h.recursionDesired()
                && h.recursionAvailable() && h.authenticData() && h.checkingDisabled());
        assertEquals(15, h.opcode());
        assertEquals(15, h.rcode());
        assertEquals(0xffbf, h.flags()); // everything but the reserved Z bit
    }

    static RData.A a(String ip) throws Exception {
        return new RData.A((Inet4Address) InetAddress.getByName(ip));
    }
}
