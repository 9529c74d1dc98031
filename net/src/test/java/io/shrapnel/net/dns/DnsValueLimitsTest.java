package io.shrapnel.net.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;

/** The ranges of every field of the DNS values, at both edges, and their equality and text. */
class DnsValueLimitsTest {
    private static final DnsName NAME = DnsName.of("a.test");

    /** Accepts the first and last value of the range, refuses one below and one above, naming the value. */
    private static void range(int lowest, int highest, IntConsumer make) {
        make.accept(lowest);
        make.accept(highest);
        IllegalArgumentException below = assertThrows(IllegalArgumentException.class, () -> make.accept(lowest - 1));
        assertTrue(below.getMessage().contains(String.valueOf(lowest - 1)), below.getMessage());
        IllegalArgumentException above = assertThrows(IllegalArgumentException.class, () -> make.accept(highest + 1));
        assertTrue(above.getMessage().contains(String.valueOf(highest + 1)), above.getMessage());
    }

    private static void longRange(long lowest, long highest, LongConsumer make) {
        make.accept(lowest);
        make.accept(highest);
        assertThrows(IllegalArgumentException.class, () -> make.accept(lowest - 1));
        assertThrows(IllegalArgumentException.class, () -> make.accept(highest + 1));
    }

    @Test
    void sixteenBitCodesAreZeroTo65535() {
        range(0, 0xffff, RecordType::new);
        range(0, 0xffff, c -> new Question(NAME, RecordType.A, c));
        range(0, 0xffff, c -> new ResourceRecord(NAME, c, 60, new RData.Cname(NAME)));
        range(0, 0xffff, p -> new RData.Mx(p, NAME));
        range(0, 0xffff, p -> new RData.Srv(p, 0, 0, NAME));
        range(0, 0xffff, w -> new RData.Srv(0, w, 0, NAME));
        range(0, 0xffff, port -> new RData.Srv(0, 0, port, NAME));
        range(0, 0xffff, size -> new Edns(size, 0, 0, false, new byte[0]));
    }

    @Test
    void headerFieldsHaveTheirBitWidths() {
        range(0, 0xffff, Header::query);
        range(0, 15, op -> new Header(1, false, op, false, false, true, false, false, false, 0));
        range(0, 15, rc -> new Header(1, true, 0, false, false, true, false, false, false, rc));
        range(0, 0xfff, Rcode::new);
        range(0, 0xff, x -> new Edns(512, x, 0, false, new byte[0]));
        range(0, 0xff, v -> new Edns(512, 0, v, false, new byte[0]));
    }

    @Test
    void ttlsAndSoaFieldsAreUnsigned() {
        longRange(0L, ResourceRecord.MAX_TTL, ttl -> new ResourceRecord(NAME, ttl, new RData.Ptr(NAME)));
        longRange(0L, 0xffffffffL, s -> new RData.Soa(NAME, NAME, s, 0, 0, 0, 0));
        longRange(0L, 0xffffffffL, s -> new RData.Soa(NAME, NAME, 0, s, 0, 0, 0));
        longRange(0L, 0xffffffffL, s -> new RData.Soa(NAME, NAME, 0, 0, s, 0, 0));
        longRange(0L, 0xffffffffL, s -> new RData.Soa(NAME, NAME, 0, 0, 0, s, 0));
        longRange(0L, 0xffffffffL, s -> new RData.Soa(NAME, NAME, 0, 0, 0, 0, s));
    }

    @Test
    void anOptRecordIsRefusedAsAResourceRecord() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ResourceRecord(DnsName.ROOT, 60, new RData.Unknown(RecordType.OPT, new byte[0])));
        assertTrue(e.getMessage().contains("Edns"), e.getMessage());
    }

    @Test
    void txtStringsHoldAtMost255BytesAndAreCopied() {
        byte[] full = new byte[255];
        RData.Txt txt = new RData.Txt(List.of(full));
        assertEquals(255, txt.strings().getFirst().length);
        assertThrows(IllegalArgumentException.class, () -> new RData.Txt(List.of(new byte[256])));
        full[0] = 'x';
        assertEquals(0, txt.strings().getFirst()[0], "the record copied its input");
        txt.strings().getFirst()[1] = 'y';
        assertEquals(0, txt.strings().getFirst()[1], "strings() hands out copies");
    }

    @Test
    void txtEqualityIsByContent() {
        RData.Txt ab = RData.Txt.of("a", "b");
        assertEquals(ab, RData.Txt.of("a", "b"));
        assertEquals(ab.hashCode(), RData.Txt.of("a", "b").hashCode());
        assertNotEquals(ab, RData.Txt.of("a", "c"));
        assertNotEquals(ab, RData.Txt.of("a"));
        assertNotEquals(ab, RData.Txt.of("ab"));
        assertNotEquals(ab.hashCode(), RData.Txt.of("b", "a").hashCode());
        assertNotEquals(ab, (Object) "Txt[a, b]");
        assertEquals("Txt[a, b]", ab.toString());
        assertEquals("ab", ab.joined());
    }

    @Test
    void unknownDataHoldsAtMost65535BytesAndIsComparedByContent() {
        RecordType t99 = RecordType.of(99);
        assertEquals(0xffff, new RData.Unknown(t99, new byte[0xffff]).data().length);
        assertThrows(IllegalArgumentException.class, () -> new RData.Unknown(t99, new byte[0x10000]));
        RData.Unknown u = new RData.Unknown(t99, new byte[] {1, 2});
        assertEquals(u, new RData.Unknown(t99, new byte[] {1, 2}));
        assertEquals(u.hashCode(), new RData.Unknown(t99, new byte[] {1, 2}).hashCode());
        assertNotEquals(u, new RData.Unknown(RecordType.of(98), new byte[] {1, 2}));
        assertNotEquals(u, new RData.Unknown(t99, new byte[] {1, 3}));
        assertNotEquals(u.hashCode(), new RData.Unknown(RecordType.of(98), new byte[] {1, 2}).hashCode());
        assertNotEquals(u, (Object) "x");
        assertEquals("Unknown[TYPE99 0102]", u.toString());
        u.data()[0] = 9;
        assertEquals(1, u.data()[0], "data() hands out copies");
    }

    @Test
    void ednsEqualityCoversEveryField() {
        Edns e = new Edns(1232, 1, 0, true, new byte[] {7});
        assertEquals(e, new Edns(1232, 1, 0, true, new byte[] {7}));
        assertEquals(e.hashCode(), new Edns(1232, 1, 0, true, new byte[] {7}).hashCode());
        assertNotEquals(e, new Edns(1231, 1, 0, true, new byte[] {7}));
        assertNotEquals(e, new Edns(1232, 2, 0, true, new byte[] {7}));
        assertNotEquals(e, new Edns(1232, 1, 1, true, new byte[] {7}));
        assertNotEquals(e, new Edns(1232, 1, 0, false, new byte[] {7}));
        assertNotEquals(e, new Edns(1232, 1, 0, true, new byte[] {8}));
        assertNotEquals(e, (Object) "Edns");
        assertNotEquals(e.hashCode(), new Edns(1232, 1, 0, false, new byte[] {7}).hashCode());
        assertNotEquals(e.hashCode(), new Edns(1232, 1, 0, true, new byte[] {8}).hashCode());
        assertEquals("Edns[udp=1232 version=0 do extendedRcode=1 options=07]", e.toString());
        assertEquals("Edns[udp=1232 version=0]", Edns.DEFAULT.toString());
        assertEquals(0x01008000L, e.ttlField());
    }

    @Test
    void typesAndRcodesHaveTheirMnemonics() {
        assertSame(RecordType.ANY, RecordType.of(255));
        assertEquals("ANY", RecordType.ANY.toString());
        assertEquals("TYPE99", RecordType.of(99).toString());
        String[] names = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED", "YXDOMAIN", "YXRRSET",
            "NXRRSET", "NOTAUTH", "NOTZONE"};
        for (int i = 0; i < names.length; i++) {
            assertEquals(names[i], Rcode.of(i).toString());
        }
        assertEquals("RCODE11", Rcode.of(11).toString());
        assertEquals("BADVERS", Rcode.BADVERS.toString());
        assertSame(Rcode.NOERROR, Rcode.of(0));
    }

    @Test
    void recordsAndQuestionsPrintTheirClass() {
        assertEquals("a.test IN A", new Question(NAME, RecordType.A).toString());
        assertEquals("a.test CLASS3 TXT", new Question(NAME, RecordType.TXT, 3).toString());
        assertEquals("a.test 60 IN PTR Ptr[target=a.test]", new ResourceRecord(NAME, 60, new RData.Ptr(NAME)).toString());
        assertEquals("a.test 60 CLASS4 PTR Ptr[target=a.test]",
                new ResourceRecord(NAME, 4, 60, new RData.Ptr(NAME)).toString());
    }

    @Test
    void aCachePolicyMustMakeSense() {
        Duration s = Duration.ofSeconds(1);
        new CachePolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO);
        new CachePolicy(1, s, s, s);
        assertThrows(IllegalArgumentException.class, () -> new CachePolicy(-1, Duration.ZERO, s, s));
        assertThrows(IllegalArgumentException.class, () -> new CachePolicy(1, s.negated(), s, s));
        assertThrows(IllegalArgumentException.class, () -> new CachePolicy(1, s.multipliedBy(2), s, s));
        assertThrows(IllegalArgumentException.class, () -> new CachePolicy(1, Duration.ZERO, s, s.negated()));
    }

    @Test
    void cacheTtlsAreClampedToThePolicy() {
        CachePolicy serverTtls = new CachePolicy(10, Duration.ZERO, Duration.ofSeconds(100), Duration.ofSeconds(30));
        assertEquals(0, serverTtls.clampPositive(0));
        assertEquals(1, serverTtls.clampPositive(1));
        assertEquals(100, serverTtls.clampPositive(101));
        assertEquals(30, serverTtls.clampNegative(31));
        assertEquals(29, serverTtls.clampNegative(29));
        CachePolicy atLeast5 = new CachePolicy(10, Duration.ofSeconds(5), Duration.ofSeconds(100), Duration.ZERO);
        assertEquals(5, atLeast5.clampPositive(0));
        assertEquals(5, atLeast5.clampPositive(4));
        assertEquals(6, atLeast5.clampPositive(6));
    }

    @Test
    void answersAreFilteredByOwnerAndType() {
        ResourceRecord a = new ResourceRecord(NAME, 60, new RData.Cname(DnsName.of("b.test")));
        ResourceRecord b = new ResourceRecord(DnsName.of("b.test"), 60, new RData.Cname(NAME));
        ResourceRecord c = new ResourceRecord(NAME, 60, new RData.Ptr(NAME));
        DnsMessage m = new DnsMessage(Header.query(1).asResponse(0), List.of(new Question(NAME, RecordType.CNAME)),
                List.of(a, b, c), List.of(), List.of(), null);
        assertEquals(List.of(a), m.answers(DnsName.of("A.TEST"), RecordType.CNAME));
        assertEquals(List.of(c), m.answers(NAME, RecordType.PTR));
        assertEquals(List.of(), m.answers(NAME, RecordType.A));
    }

    @Test
    void anOptRecordNotOwnedByTheRootIsAFormatError() {
        byte[] wire = DnsMessageWireTest.hex("0001 8180 0000 0000 0000 0001"
                + "0161 00 0029 04d0 00000000 0000");
        DnsFormatException e = assertThrows(DnsFormatException.class, () -> DnsMessage.decode(wire));
        assertTrue(e.getMessage().contains("not the root"), e.getMessage());
    }

    @Test
    void aMessageLargerThanItsLimitIsRefusedWithTheAdvice() {
        DnsMessage q = DnsMessage.query(1, NAME, RecordType.A);
        int size = q.encode().length;
        assertArrayEquals(q.encode(), q.encode(size));
        IllegalArgumentException udp = assertThrows(IllegalArgumentException.class, () -> q.encode(size - 1));
        assertTrue(udp.getMessage().contains("TCP"), udp.getMessage());
        DnsMessage huge = new DnsMessage(Header.query(1).asResponse(0), List.of(), List.of(
                new ResourceRecord(NAME, 60, new RData.Unknown(RecordType.of(99), new byte[0xffff]))),
                List.of(), List.of(), null);
        IllegalArgumentException tcp = assertThrows(IllegalArgumentException.class, huge::encode);
        assertTrue(tcp.getMessage().contains("65535") && !tcp.getMessage().contains("TCP"), tcp.getMessage());
        assertEquals(65000, new DnsMessage(Header.query(1).asResponse(0), List.of(), List.of(
                new ResourceRecord(DnsName.ROOT, 60, new RData.Unknown(RecordType.of(99), new byte[65000 - 23]))),
                List.of(), List.of(), null).encode().length);
    }

    @Test
    void aLookupInFlightSaysWhatItIsForWhereCorosWait() {
        assertEquals("dns lookup a.test A", new Inflight("a.test A").toString());
    }
}
