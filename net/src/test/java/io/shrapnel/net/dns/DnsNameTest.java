package io.shrapnel.net.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DnsNameTest {
    @Test
    void parsesDottedNamesWithOrWithoutTheFinalDot() {
        DnsName a = DnsName.of("www.example.com");
        assertEquals(3, a.labelCount());
        assertEquals(a, DnsName.of("www.example.com."));
        assertEquals("www.example.com", a.toString());
        assertEquals(17, a.wireLength());
    }

    @Test
    void rootIsEmptyOrADot() {
        assertTrue(DnsName.of(".").isRoot());
        assertTrue(DnsName.of("").isRoot());
        assertEquals(".", DnsName.ROOT.toString());
        assertEquals(1, DnsName.ROOT.wireLength());
    }

    @Test
    void equalityAndHashIgnoreAsciiCase() {
        assertEquals(DnsName.of("WWW.Example.COM"), DnsName.of("www.example.com"));
        assertEquals(DnsName.of("WWW.Example.COM").hashCode(), DnsName.of("www.example.com").hashCode());
        assertNotEquals(DnsName.of("www.example.org"), DnsName.of("www.example.com"));
        assertEquals("WWW.Example.COM", DnsName.of("WWW.Example.COM").toString());
    }

    @Test
    void escapesRoundTrip() {
        DnsName n = DnsName.of("a\\.b.c\\092d.\\000x");
        assertEquals(3, n.labelCount());
        assertEquals("a.b", new String(n.label(0)));
        assertEquals("c\\d", new String(n.label(1)));
        assertEquals(0, n.label(2)[0]);
        assertEquals("a\\.b.c\\\\d.\\000x", n.toString());
        assertEquals(n, DnsName.of(n.toString()));
    }

    @Test
    void labelOver63BytesIsRejected() {
        DnsName.of("a".repeat(63) + ".com");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DnsName.of("a".repeat(64) + ".com"));
        assertTrue(e.getMessage().contains("64 bytes"), e.getMessage());
    }

    @Test
    void nameOver255BytesIsRejected() {
        String label = "a".repeat(63);
        // 3 x 64 + 62 + 1 + root = 255: the longest name that fits.
        DnsName longest = DnsName.of(label + "." + label + "." + label + "." + "b".repeat(61));
        assertEquals(255, longest.wireLength());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DnsName.of(label + "." + label + "." + label + "." + "b".repeat(62)));
        assertTrue(e.getMessage().contains("256 bytes"), e.getMessage());
    }

    @Test
    void emptyLabelsAndBadEscapesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> DnsName.of("a..b"));
        assertThrows(IllegalArgumentException.class, () -> DnsName.of(".a"));
        assertThrows(IllegalArgumentException.class, () -> DnsName.of("a\\"));
        assertThrows(IllegalArgumentException.class, () -> DnsName.of("a\\25"));
        assertThrows(IllegalArgumentException.class, () -> DnsName.of("a\\256"));
        assertThrows(IllegalArgumentException.class, () -> DnsName.fromLabels(List.of(new byte[0])));
    }

    @Test
    void suffixesConcatenationAndAncestry() {
        DnsName n = DnsName.of("a.b.c");
        assertEquals(DnsName.of("b.c"), n.suffix(1));
        assertEquals(DnsName.ROOT, n.suffix(3));
        assertEquals(n, DnsName.of("a").concat(DnsName.of("b.c")));
        assertTrue(n.isUnder(DnsName.of("B.C")));
        assertTrue(n.isUnder(DnsName.ROOT));
        assertTrue(n.isUnder(n));
        assertFalse(n.isUnder(DnsName.of("x.b.c")));
        assertFalse(DnsName.of("b.c").isUnder(n));
    }

    @Test
    void nonAsciiGoesOnTheWireAsUtf8() {
        DnsName n = DnsName.of("bücher.test");
        assertEquals(7, n.label(0).length);
    }
}
