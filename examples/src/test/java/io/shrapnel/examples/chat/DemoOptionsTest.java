package io.shrapnel.examples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {
    @Test
    void defaultsAreBelow32768() {
        assertEquals(new DemoOptions(7000, 7080, 7090, Path.of("/tmp/shrapnel-demo.bd")), DemoOptions.parse());
    }

    @Test
    void flagsChangeThem() {
        assertEquals(new DemoOptions(1, 65535, 9, Path.of("/x.bd")),
                DemoOptions.parse("--telnet-port", "1", "--http-port", "65535", "--dashboard-port", "9", "--backdoor", "/x.bd"));
    }

    @Test
    void badFlagsSayWhy() {
        assertEquals("--http-port needs a value", assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse("--http-port")).getMessage());
        assertEquals("unknown flag --port", assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse("--port", "1")).getMessage());
        assertEquals("a port is a number, not 'x'", assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse("--http-port", "x")).getMessage());
        assertEquals("a port is 1 to 65535, not 0", assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse("--http-port", "0")).getMessage());
        assertEquals("a port is 1 to 65535, not 65536", assertThrows(IllegalArgumentException.class, () -> DemoOptions.parse("--telnet-port", "65536")).getMessage());
    }
}
