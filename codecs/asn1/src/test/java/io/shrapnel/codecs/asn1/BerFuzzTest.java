package io.shrapnel.codecs.asn1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Generated input: the decoder only ever returns values or Asn1Exception, and DER round-trips. */
class BerFuzzTest {
    private static final BerLimits SMALL = new BerLimits(8, 4096);

    /** Walks every element of whatever the bytes hold, decoding primitives as every type. */
    private static void walk(BerReader r) throws Asn1Exception {
        while (r.hasNext()) {
            Tlv t = r.next();
            if (t.tag().constructed()) {
                walk(r.enter(t));
            } else {
                BerReader one = BerReader.ber(r.buffer(), t.offset(), t.end() - t.offset(), SMALL);
                try {
                    one.readOctetString(t.tag());
                    BerReader.ber(r.buffer(), t.offset(), t.end() - t.offset(), SMALL).readInteger(t.tag());
                } catch (Asn1Exception expected) {
                    // malformed content is fine; anything else escaping is a bug
                }
            }
        }
    }

    @Property(tries = 2000)
    void randomBytesNeverEscapeAsAnythingButAsn1Exception(@ForAll @Size(max = 64) byte[] input) {
        try {
            walk(BerReader.ber(input, 0, input.length, SMALL));
        } catch (Asn1Exception expected) {
            assertEquals(true, expected.offset() >= 0 && expected.offset() <= input.length, expected.getMessage());
        }
    }

    @Property(tries = 1000)
    void mutatedValidEncodingsFailCleanly(@ForAll("encodings") byte[] valid, @ForAll int where, @ForAll byte value) {
        byte[] input = valid.clone();
        input[Math.floorMod(where, input.length)] = value;
        try {
            walk(BerReader.ber(input, 0, input.length, SMALL));
            walk(BerReader.der(input, 0, input.length, SMALL));
        } catch (Asn1Exception expected) {
            assertEquals(true, expected.offset() >= 0 && expected.offset() <= input.length, expected.getMessage());
        }
    }

    @Provide
    Arbitrary<byte[]> encodings() {
        return Arbitraries.longs().list().ofMaxSize(6).map(values -> {
            DerWriter w = new DerWriter();
            int seq = w.begin(Tag.SEQUENCE);
            for (long v : values) {
                w.writeInteger(v).writeOctetString(Long.toString(v).getBytes());
            }
            w.end(seq);
            return w.toByteArray();
        });
    }

    @Property(tries = 500)
    void integersRoundTrip(@ForAll long v, @ForAll BigInteger big) throws Exception {
        assertEquals(v, BerReader.der(new DerWriter().writeInteger(v).toByteArray()).readInteger());
        assertEquals(big, BerReader.der(new DerWriter().writeInteger(big).toByteArray()).readBigInteger());
    }

    @Property(tries = 300)
    void stringsAndNestingRoundTrip(@ForAll @Size(max = 300) String s, @ForAll @Size(max = 5) byte[] raw) throws Exception {
        DerWriter w = new DerWriter();
        int seq = w.begin(Tag.SEQUENCE);
        int inner = w.begin(Tag.contextConstructed(40));
        w.writeUtf8String(s).writeOctetString(raw);
        w.end(inner);
        w.end(seq);
        BerReader r = BerReader.der(w.toByteArray()).readSequence().readConstructed(Tag.context(40));
        boolean wellFormed = s.codePoints().noneMatch(c -> c >= 0xd800 && c <= 0xdfff);
        if (wellFormed) {
            assertEquals(s, r.readUtf8String());
        } else {
            r.skip();
        }
        assertArrayEquals(raw, r.readOctetString());
    }

    @Property(tries = 300)
    void oidsRoundTrip(@ForAll("oids") String dotted) throws Exception {
        byte[] der = new DerWriter().writeOid(Oid.of(dotted)).toByteArray();
        assertEquals(dotted, BerReader.der(der).readOid().toString());
    }

    @Provide
    Arbitrary<String> oids() {
        Arbitrary<Long> arc = Arbitraries.longs().between(0, Long.MAX_VALUE / 2);
        return Arbitraries.integers().between(0, 2).flatMap(first -> {
            Arbitrary<Long> second = first == 2 ? arc : Arbitraries.longs().between(0, 39);
            return second.flatMap(sec -> arc.list().ofMaxSize(5).map(rest -> {
                StringBuilder sb = new StringBuilder().append(first).append('.').append(sec);
                rest.forEach(a -> sb.append('.').append(a));
                return sb.toString();
            }));
        });
    }
}
