package io.shrapnel.codecs.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Attributes are values: equal when their names and their values' bytes are. */
class AttributeTest {
    @Test
    void equalByNameAndValueBytes() {
        Attribute a = Attribute.of("cn", "Alice", "Al");
        Attribute same = new Attribute("cn", List.of("Alice".getBytes(), "Al".getBytes()));
        assertEquals(a, same);
        assertEquals(a.hashCode(), same.hashCode());
        assertEquals(a, a);
    }

    @Test
    void differentNameValueCountValueOrTypeIsNotEqual() {
        Attribute a = Attribute.of("cn", "Alice", "Al");
        assertNotEquals(a, Attribute.of("sn", "Alice", "Al"));
        assertNotEquals(a, Attribute.of("cn", "Alice"));
        assertNotEquals(a, Attribute.of("cn", "Alice", "Al", "A"));
        assertNotEquals(a, Attribute.of("cn", "Alice", "Ax"));
        assertNotEquals(a, Attribute.of("cn", "Alicx", "Al"));
        assertNotEquals(a, (Object) "cn=[Alice, Al]");
        assertNotEquals(a.hashCode(), Attribute.of("cn", "Al", "Alice").hashCode());
    }

    @Test
    void textViews() {
        Attribute a = Attribute.of("cn", "Älice", "Al");
        assertEquals(List.of("Älice", "Al"), a.strings());
        assertEquals("Älice", a.first());
        assertNull(Attribute.of("cn").first());
        assertEquals("cn=[Älice, Al]", a.toString());
    }
}
