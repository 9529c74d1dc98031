package io.shrapnel.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.monitoring.Profile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/demo profile} for real: a profiled echo workload, its report, and the HTML page made from it. */
class ProfileExampleTest {
    @Test
    void profiledEchoWritesAReportWithEveryCoroAndItsHtmlPage(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("echo.profile");
        try (ExampleProcess p = ExampleProcess.start("profile", report.toString())) {
            assertEquals(0, p.awaitExit(), String.join("\n", p.lines()));
            p.awaitLine("profile of 20 x 1000 echoes in " + report);
            p.awaitLine("wrote " + report + ".html");
        }
        Profile profile = Profile.read(report);
        List<Profile.CoroRow> clients = profile.coros().stream().filter(c -> "client".equals(c.name())).toList();
        List<Profile.CoroRow> sessions = profile.coros().stream().filter(c -> "session".equals(c.name())).toList();
        assertEquals(20, clients.size());
        assertEquals(20, sessions.size());
        for (Profile.CoroRow c : clients) {
            assertTrue(c.resumes() > 1000, "a client waits for each of its 1000 echoes: " + c);
        }
        String html = Files.readString(dir.resolve("echo.profile.html"));
        assertTrue(html.contains("<h1>Shrapnel Profile Results</h1>") && html.contains("<td class=\"text\">session</td>"));
    }

    @Test
    void profileReportCommandRefusesAFileThatIsNotAReport(@TempDir Path dir) throws Exception {
        Path notReport = Files.writeString(dir.resolve("x.txt"), "hello\n");
        try (ExampleProcess p = ExampleProcess.start("profile-report", notReport.toString())) {
            assertTrue(p.awaitExit() != 0);
            p.awaitLine("is not a Shrapnel profile report");
        }
    }
}
