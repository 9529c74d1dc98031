package io.shrapnel.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CoroTestExtension.class)
class SleepersTest {
    @Test
    void everySleeperWakesOnceAndTheLastEndsTheLoop() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            Sleepers.main(new String[] {"200"});
        } finally {
            System.setOut(old);
        }
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\\R");
        assertEquals(201, lines.length);
        for (int i = 0; i < 200; i++) {
            assertTrue(lines[i].matches("sleeper-\\d+ woke after \\d+ ms \\(" + (i + 1) + "/200 awake\\)"), lines[i]);
        }
        assertEquals("all 200 sleepers woke; event loop exited with 0", lines[200]);
    }
}
