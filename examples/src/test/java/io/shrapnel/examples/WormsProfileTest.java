package io.shrapnel.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.monitoring.Profile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's profiler walkthrough: {@code bin/demo worms --profile FILE} writes a report and its page. */
class WormsProfileTest {
    @Test
    void aProfiledRunOfTheWormsHasEveryWormAndItsPage(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("worms.profile");
        try (ExampleProcess p = ExampleProcess.start("worms", "--port", String.valueOf(Ports.free()), "--worms", "50",
                "--width", "60", "--height", "30", "--profile", report.toString(), "--seconds", "2", "--viewers", "2")) {
            assertEquals(0, p.awaitExit(), String.join("\n", p.lines()));
            p.awaitLine("profile of 50 worms for 2 s in " + report);
            p.awaitLine("wrote " + report + ".html");
        }
        Profile profile = Profile.read(report);
        assertEquals(50, profile.coros().stream().filter(c -> "worm".equals(c.name())).count());
        assertEquals(2, profile.coros().stream().filter(c -> "viewer".equals(c.name())).count());
        assertTrue(profile.coros().stream().filter(c -> "worm".equals(c.name())).allMatch(c -> c.resumes() > 0));
        String html = Files.readString(dir.resolve("worms.profile.html"));
        assertTrue(html.contains("Worm.move") && html.contains("Arena.draw"), "the timed methods are in the page");
    }
}
