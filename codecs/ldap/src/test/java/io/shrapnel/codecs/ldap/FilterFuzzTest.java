package io.shrapnel.codecs.ldap;

import io.shrapnel.codecs.ldap.internal.FilterCodec;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shrapnel.codecs.asn1.BerReader;
import io.shrapnel.codecs.asn1.DerWriter;
import io.shrapnel.codecs.asn1.Tlv;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/** Generated filters: the parser accepts or refuses with IllegalArgumentException, and text round-trips. */
class FilterFuzzTest {
    @Property(tries = 3000)
    void anyTextParsesOrFailsCleanly(@ForAll @StringLength(max = 40) String text) {
        try {
            Filter f = Filter.parse(text);
            assertEquals(f.toString(), Filter.parse(f.toString()).toString());
        } catch (IllegalArgumentException expected) {
            assertEquals(true, expected.getMessage().startsWith("bad LDAP filter"), expected.getMessage());
        }
    }

    @Property(tries = 2000)
    void filterLikeTextParsesOrFailsCleanly(@ForAll("filterish") String text) {
        anyTextParsesOrFailsCleanly(text);
    }

    @Provide
    Arbitrary<String> filterish() {
        return Arbitraries.strings().withChars("()&|!=*~<>:\\a1bdn.;-é\u0000").ofMaxLength(30);
    }

    @Property(tries = 500)
    void generatedFiltersRoundTripAndEncodeAsOneElement(@ForAll("filters") Filter f) throws Exception {
        Filter again = Filter.parse(f.toString());
        assertEquals(f.toString(), again.toString());
        DerWriter w = new DerWriter();
        FilterCodec.encode(w, again);
        byte[] ber = w.toByteArray();
        BerReader r = BerReader.ber(ber);
        Tlv t = r.next();
        r.expectEnd();
        assertEquals(ber.length, t.end());
    }

    @Provide
    Arbitrary<Filter> filters() {
        return Arbitraries.lazyOf(this::leaf, this::leaf, this::leaf,
                () -> filters().list().ofMaxSize(3).map(Filter.And::new),
                () -> filters().list().ofMaxSize(3).map(Filter.Or::new),
                () -> filters().map(Filter.Not::new));
    }

    private Arbitrary<Filter> leaf() {
        Arbitrary<String> attr = Arbitraries.of("cn", "uid", "mail;lang-en", "2.5.4.3");
        Arbitrary<byte[]> value = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(6);
        return Arbitraries.oneOf(
                Arbitraries.of(Filter.Match.class).flatMap(m -> attr.flatMap(a -> value.map(v -> new Filter.Compare(m, a, v)))),
                attr.map(Filter.Present::new),
                attr.flatMap(a -> value.injectNull(0.3).flatMap(i -> value.list().ofMaxSize(2)
                        .flatMap(any -> value.injectNull(0.3).filter(fin -> i != null || fin != null || !any.isEmpty())
                                .map(fin -> new Filter.Substring(a, i, any, fin))))),
                attr.injectNull(0.3).flatMap(a -> Arbitraries.of("caseExactMatch", "2.5.13.2").injectNull(0.3)
                        .filter(rule -> a != null || rule != null)
                        .flatMap(rule -> Arbitraries.of(true, false).flatMap(dn -> value.map(v -> new Filter.Extensible(a, dn, rule, v))))));
    }
}
