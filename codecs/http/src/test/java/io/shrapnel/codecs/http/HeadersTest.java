package io.shrapnel.codecs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Header fields set by the application: no header injection, and the multi-field operations. */
class HeadersTest {
    @Test
    void valuesWithCrLfOrNulAreRefusedSoNoHeaderCanBeInjected() {
        for (String bad : new String[] {"a\r\nSet-Cookie: x=1", "a\nb", "a\rb", "a\0b", "\n"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Headers().add("X", bad));
            assertTrue(e.getMessage().contains("CR, LF or NUL") && e.getMessage().contains("X"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new Headers().set("X", bad));
        }
        IllegalArgumentException wide = assertThrows(IllegalArgumentException.class, () -> new Headers().add("X", "ok\u0100"));
        assertTrue(wide.getMessage().contains("above U+00FF") && wide.getMessage().contains(" at 2;"), wide.getMessage());
        Headers h = new Headers().add("X", "tab\tand latin-1 \u00ff are fine");
        assertEquals("tab\tand latin-1 \u00ff are fine", h.first("X"));
    }

    @Test
    void namesMustBeTokens() {
        for (String bad : new String[] {"", "Bad Header", "X:", "X\r\nY", "Ä"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Headers().add(bad, "v"));
            assertTrue(e.getMessage().contains("not a valid header name"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new Headers().set(bad, "v"));
        }
        assertEquals(1, new Headers().add("!#$%&'*+-.^_`|~09azAZ", "v").size());
    }

    @Test
    void setReplacesEveryFieldOfTheNameInPlaceAndAddKeepsThem() {
        Headers h = new Headers().add("A", "1").add("B", "2").add("a", "3").add("C", "4").add("A", "5");
        assertEquals(List.of("1", "3", "5"), h.all("a"));
        assertEquals(3, h.count("A"));
        h.set("a", "only");
        assertEquals(List.of("only"), h.all("A"));
        assertEquals(3, h.size());
        assertEquals(List.of("A", "B", "C"), names(h), "the first field keeps its place and its name");
        h.set("D", "new");
        assertEquals("new", h.value(3));
        assertEquals("D", h.name(3));
    }

    @Test
    void removeTakesEveryFieldOfTheName() {
        Headers h = new Headers().add("A", "1").add("B", "2").add("A", "3");
        assertTrue(h.remove("a"));
        assertFalse(h.remove("A"));
        assertFalse(h.has("A"));
        assertNull(h.first("A"));
        assertEquals(0, h.count("A"));
        assertEquals(List.of(), h.all("A"));
        assertEquals(1, h.size());
        h.clear();
        assertEquals(0, h.size());
    }

    @Test
    void hasTokenLooksAtEachCommaSeparatedElementOfEveryField() {
        Headers h = new Headers().add("Connection", "keep-alive, Upgrade").add("Connection", " close ");
        assertTrue(h.hasToken("connection", "upgrade"));
        assertTrue(h.hasToken("Connection", "CLOSE"));
        assertFalse(h.hasToken("Connection", "keep"));
        assertFalse(h.hasToken("Upgrade", "keep-alive"));
    }

    @Test
    void toStringListsTheFieldsOnePerLine() {
        assertEquals("A: 1\nB: 2\n", new Headers().add("A", "1").add("B", "2").toString());
    }

    private static List<String> names(Headers h) {
        List<String> out = new ArrayList<>();
        h.forEach((n, v) -> out.add(n));
        return out;
    }
}
