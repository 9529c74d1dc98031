package io.shrapnel.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/demo t0}, the tutorial's backdoor, driven with nc as a user would. */
class BackdoorExampleTest {
    @Test
    void ncLooksAroundAndSetExitEndsTheProgram(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("xx.bd");
        try (ExampleProcess t0 = ExampleProcess.start("t0", socket.toString())) {
            t0.awaitLine("backdoor listening on unix socket " + socket);
            Process nc = new ProcessBuilder("nc", "-N", "-U", socket.toString()).redirectErrorStream(true).start();
            nc.getOutputStream().write("Coro.whereAll().size() > 0\nCoro.setExit(0)\n".getBytes(StandardCharsets.UTF_8));
            nc.getOutputStream().close();
            assertTrue(nc.waitFor(60, TimeUnit.SECONDS), "nc still running");
            String out = new String(nc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(out.contains(" ==> true"), out);
            assertEquals(0, t0.awaitExit(), String.join("\n", t0.lines()));
            t0.awaitLine("event loop exited with 0");
        }
        assertFalse(Files.exists(socket, LinkOption.NOFOLLOW_LINKS), "the socket file is removed at exit");
    }
}
