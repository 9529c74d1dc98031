package io.shrapnel.dashboard;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first example, as written there (port and token directory aside), runs. */
class ReadmeExampleTest {
    @TempDir
    Path dir;

    @Test
    void theFirstExampleRuns() throws Exception {
        try (Dashboard dashboard = Dashboards.start(dir)) {
            System.out.println("dashboard: " + dashboard.url());   // http://127.0.0.1:8090/?token=...
            Coro.spawn(() -> Coro.setExit(0));
            Coro.eventLoop();
            assertTrue(dashboard.url().contains("/?token="));
        }
    }
}
