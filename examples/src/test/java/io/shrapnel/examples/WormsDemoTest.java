package io.shrapnel.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** {@code bin/demo worms} watched through a real telnet in a real terminal (tmux), as a user would. */
class WormsDemoTest {
    private static void await(String what, Callable<Boolean> condition) {
        Awaitility.await(what).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(condition);
    }

    @Test
    void telnetShowsTheArenaMovingAndTheKeysWork() throws Exception {
        int port = Ports.free();
        try (ExampleProcess worms = ExampleProcess.start("worms", "--port", String.valueOf(port), "--worms", "150",
                "--width", "60", "--height", "20")) {
            worms.awaitLine("worms listening on /127.0.0.1:" + port);
            assertTrue(worms.lines().getFirst().startsWith("150 worms, arena 60 x 20"), worms.lines().toString());
            try (Tmux tmux = Tmux.start("worms", 100, 30, "telnet 127.0.0.1 " + port + "; echo telnet ended; cat")) {
                String wall = "+" + "=".repeat(58) + "+";
                await("the arena drawn in the terminal", () -> tmux.screen().contains(wall) && tmux.screen().contains(" 150 worms | "));
                AtomicReference<String> first = new AtomicReference<>(arena(tmux.screen(), wall));
                assertTrue(first.get().lines().count() == 20, first.get());
                await("the worms moving", () -> !arena(tmux.screen(), wall).equals(first.get()));

                tmux.keys("n");
                await("a new worm counted", () -> tmux.screen().contains(" 151 worms | "));
                tmux.keys("q");
                await("the server closing the connection after q", () -> tmux.screen().contains("telnet ended"));
            }
        }
    }

    /** The 20 rows of the arena: from its top wall to its bottom wall. */
    private static String arena(String screen, String wall) {
        int top = screen.indexOf(wall);
        int bottom = screen.indexOf(wall, top + wall.length());
        if (top < 0 || bottom < 0) {
            return "";
        }
        return screen.substring(top, bottom + wall.length());
    }
}
