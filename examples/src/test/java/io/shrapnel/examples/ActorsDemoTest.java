package io.shrapnel.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shrapnel.kernel.testing.CoroTestExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CoroTestExtension.class)
class ActorsDemoTest {
    @Test
    void theCounterIsRestartedWithFreshStateAndTheGreeterGreets() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            ActorsDemo.main(new String[0]);
        } finally {
            System.setOut(old);
        }
        List<String> lines = List.of(out.toString(StandardCharsets.UTF_8).split("\\R"));
        assertEquals(List.of(
                "counter says 6",
                "(the notifier saw counter die: asked to crash at 6)",
                "counter exited: asked to crash at 6",
                "restarted by its supervisor (1 restart); fresh counter says 0",
                "greeter: hello, actors"), lines.subList(0, 5));
        assertEquals(true, lines.get(5).startsWith("supervisor stopped; dead letters so far: "), lines.get(5));
    }
}
