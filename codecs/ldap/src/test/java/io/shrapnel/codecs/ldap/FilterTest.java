package io.shrapnel.codecs.ldap;

import io.shrapnel.codecs.ldap.internal.FilterCodec;
import io.shrapnel.codecs.ldap.internal.FilterParser;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shrapnel.codecs.asn1.DerWriter;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4515 text to filters, filters to text and to BER (exact bytes). */
class FilterTest {
    private static String ber(String filter) {
        DerWriter w = new DerWriter();
        FilterCodec.encode(w, Filter.parse(filter));
        return HexFormat.ofDelimiter(" ").formatHex(w.toByteArray());
    }

    @Test
    void everyKindEncodesAsRfc4511Says() {
        assertEquals("a3 0b 04 03 75 69 64 04 04 6a 6f 68 6e", ber("(uid=john)"));
        assertEquals("a5 06 04 01 61 04 01 35", ber("(a>=5)"));
        assertEquals("a6 06 04 01 61 04 01 35", ber("(a<=5)"));
        assertEquals("a8 06 04 01 61 04 01 78", ber("(a~=x)"));
        assertEquals("87 02 63 6e", ber("(cn=*)"));
        assertEquals("a4 0f 04 01 61 30 0a 80 02 69 6e 81 01 79 82 01 7a", ber("(a=in*y*z)"));
        assertEquals("a4 08 04 01 61 30 03 81 01 79", ber("(a=*y*)"));
        assertEquals("a4 08 04 01 61 30 03 82 01 7a", ber("(a=*z)"));
        assertEquals("a0 0f a3 06 04 01 61 04 01 31 a2 03 87 01 62 a0 00", ber("(&(a=1)(!(b=*))(&))"));
        assertEquals("a1 00", ber("(|)"));
        assertEquals("a9 13 81 0e 63 61 73 65 45 78 61 63 74 4d 61 74 63 68 83 01 78", ber("(:caseExactMatch:=x)"));
        assertEquals("a9 0c 82 03 75 69 64 83 02 6a 6f 84 01 ff", ber("(uid:dn:=jo)"));
        assertEquals("a9 0e 81 05 32 2e 35 2e 31 82 01 6f 83 02 6a 6f", ber("(o:2.5.1:=jo)"));
        assertEquals("a9 0d 81 01 72 82 01 6f 83 02 6a 6f 84 01 ff", ber("(o:dn:r:=jo)"));
        assertEquals("a3 08 04 01 61 04 03 2a 28 00", ber("(a=\\2a\\28\\00)"));
        assertEquals("a3 07 04 01 61 04 02 c3 a9", ber("(a=é)"));
        assertEquals("a3 07 04 01 61 04 02 c3 a9", ber("(a=\\c3\\A9)"));
        assertEquals("a3 0b 04 06 63 6e 3b 78 2d 79 04 01 31", ber("(cn;x-y=1)"));
    }

    @Test
    void outerParenthesesMayBeLeftOff() {
        assertEquals(ber("(uid=john)"), ber("uid=john"));
        assertEquals(ber("(uid=john)"), ber("  (uid=john) "));
    }

    @Test
    void textRoundTripsWithEscapes() {
        for (String f : List.of("(&(objectClass=person)(|(uid=al*)(mail=*@example.com)))", "(!(a=b))", "(a>=1)", "(a<=1)",
                "(a~=x)", "(a=*)", "(a=x*y*z)", "(a=*y)", "(a=x*)", "(a=\\2a\\28\\29\\5c\\00)", "(a:dn:2.5.13.5:=v)",
                "(:rule:=v)", "(a:=v)", "(&)", "(|)", "(a=é)")) {
            assertEquals(f, Filter.parse(f).toString());
        }
        assertEquals("(a=\\ff\\fe)", Filter.parse("(a=\\FF\\fe)").toString());
        assertEquals("(&(a=1)(|(b=2))(!(c=*)))",
                Filter.and(Filter.equal("a", "1"), Filter.or(Filter.equal("b", "2")), Filter.not(Filter.present("c"))).toString());
    }

    @Test
    void valuesAreBytes() {
        Filter.Compare c = (Filter.Compare) Filter.parse("(a=x\\00y)");
        assertArrayEquals(new byte[] {'x', 0, 'y'}, c.value());
        assertEquals(Filter.Match.EQUAL, c.match());
        Filter.Substring s = (Filter.Substring) Filter.parse("(a=*b*)");
        assertEquals(null, s.initial());
        assertEquals(null, s.fin());
        assertEquals(1, s.any().size());
        Filter.Extensible e = (Filter.Extensible) Filter.parse("(a:dn:=v)");
        assertEquals(true, e.dnAttributes());
        assertEquals(null, e.matchingRule());
    }

    @Test
    void malformedFiltersNameThePosition() {
        String[][] cases = {
            {"(a=b", "at position 4: the filter ends too early"},
            {"(a=b))", "at position 5: text after the end of the filter"},
            {"(=b)", "at position 1: expected an attribute description"},
            {"(a!b)", "at position 2: expected =, ~=, >=, <= or : after the attribute, found '!'"},
            {"(a>b)", "at position 3: expected '=', found 'b'"},
            {"(a=b(c)", "at position 4: '(' in a value must be escaped as \\28"},
            {"(a>=b*)", "at position 5: '*' in a value must be escaped as \\2a"},
            {"(a=\u0000)", "at position 3: '\\0' in a value must be escaped as \\00"},
            {"(a=\\2)", "at position 3: '\\' must be followed by two hex digits"},
            {"(a=\\zz)", "at position 3: '\\' must be followed by two hex digits"},
            {"(a=\\2z)", "at position 3: '\\' must be followed by two hex digits"},
            {"(a=\\", "at position 3: '\\' must be followed by two hex digits"},
            {"(a=x**y)", "at position 7: two * in a row in a substring filter"},
            {"(:=x)", "at position 3: an extensible match without an attribute needs a matching rule"},
            {"(a::=x)", "at position 3: expected a matching rule after ':'"},
            {"(a:dn=x)", "at position 5: expected ':', found '='"},
            {"(&(a=1)", "at position 7: the filter ends too early"},
            {"(-a=1)", "at position 1: expected an attribute description"},
            {"(!a=1)", "at position 2: expected '(', found 'a'"},
            {"(a=\u0663\u0663)", null},
        };
        for (String[] c : cases) {
            if (c[1] == null) {
                assertEquals("(a=\u0663\u0663)", Filter.parse(c[0]).toString());
                continue;
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Filter.parse(c[0]), c[0]);
            assertEquals("bad LDAP filter \"" + c[0].strip() + "\" " + c[1], e.getMessage(), c[0]);
        }
        assertThrows(IllegalArgumentException.class, () -> Filter.parse("(a=\\\u0663\u0663)"));
    }

    @Test
    void nestingIsBounded() {
        String ok = "(!".repeat(FilterParser.MAX_DEPTH - 1) + "(a=b)" + ")".repeat(FilterParser.MAX_DEPTH - 1);
        assertEquals(ok, Filter.parse(ok).toString());
        String deep = "(!".repeat(FilterParser.MAX_DEPTH) + "(a=b)" + ")".repeat(FilterParser.MAX_DEPTH);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Filter.parse(deep));
        assertEquals(true, e.getMessage().endsWith("at position 200: nested deeper than 100 levels"), e.getMessage());
        assertEquals(true, e.getMessage().contains("...\""), e.getMessage());
    }

    @Test
    void attributeNamesTakeLettersDigitsAndOptionChars() {
        assertEquals("(azAZ09;x-y.z=1)", Filter.parse("(azAZ09;x-y.z=1)").toString());
        for (char c : new char[] {'`', '{', '@', '[', '/', '_'}) {
            assertThrows(IllegalArgumentException.class, () -> Filter.parse("(a" + c + "=1)"), "char " + c);
        }
        assertEquals("(0a=1)", Filter.parse("(0a=1)").toString());
        assertEquals("(9Z=1)", Filter.parse("(9Z=1)").toString());
    }

    @Test
    void longFiltersAreCutInErrors() {
        String exactly200 = "(a=" + "x".repeat(196) + ")";
        String e1 = assertThrows(IllegalArgumentException.class, () -> Filter.parse(exactly200 + "x")).getMessage();
        assertEquals(true, e1.contains(exactly200 + "...\""), e1);
        String shorter = "(a=" + "x".repeat(195) + ")";
        String e2 = assertThrows(IllegalArgumentException.class, () -> Filter.parse(shorter + "x")).getMessage();
        assertEquals(true, e2.contains(shorter + "x\" at"), e2);
        assertEquals("(a=\\5c2a)", Filter.parse("(a=\\5c2a)").toString());
        assertThrows(IllegalArgumentException.class, () -> Filter.parse("(a=\\2"));
    }

    @Test
    void recordsCheckTheirArguments() {
        assertThrows(IllegalArgumentException.class, () -> new Filter.Substring("a", null, List.of(), null));
        assertThrows(IllegalArgumentException.class, () -> new Filter.Extensible(null, false, null, new byte[0]));
    }
}
