package io.shrapnel.codecs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Edges of two small helpers: an explicit port 0 in a URI, and the characters around the token set's end. */
class OriginAndTokensTest {
    @Test
    void anExplicitPortIsKeptEvenZeroAndAMissingOneIsTheSchemesDefault() {
        assertEquals(0, Origin.of(URI.create("http://h:0/")).port());
        assertEquals(80, Origin.of(URI.create("http://h/")).port());
        assertEquals(443, Origin.of(URI.create("HTTPS://h/")).port());
    }

    @Test
    void nothingFromU0080OnIsATokenCharacter() {
        assertFalse(Tokens.isTchar('\u0080'));
        assertFalse(Tokens.isTchar('\u00ff'));
        assertFalse(Tokens.isTchar('\u007f'));
        assertTrue(Tokens.isTchar('~'));
    }
}
