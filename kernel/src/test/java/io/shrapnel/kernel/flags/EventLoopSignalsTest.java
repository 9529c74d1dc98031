package io.shrapnel.kernel.flags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Coro.eventLoop() and SIGTERM/SIGINT, each in a fresh JVM that the test signals with kill. */
class EventLoopSignalsTest {
    private record Outcome(int exitCode, String output) {}

    private static Outcome signalled(String signal, int signals, String... jvmArgsThenMainArgs) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path")));
        List<String> mainArgs = new ArrayList<>();
        boolean afterMain = false;
        for (String a : jvmArgsThenMainArgs) {
            if (a.equals("--")) {
                afterMain = true;
            } else if (afterMain) {
                mainArgs.add(a);
            } else {
                cmd.add(a);
            }
        }
        cmd.add(EventLoopSignalsMain.class.getName());
        cmd.addAll(mainArgs);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", out.readLine());
        for (int i = 0; i < signals; i++) {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor());
            // A later signal must find the first one handled: wait until it had time to take effect.
            if (i + 1 < signals && p.waitFor(2, TimeUnit.SECONDS)) {
                break;
            }
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the JVM did not exit");
        StringBuilder rest = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            rest.append(line).append('\n');
        }
        return new Outcome(p.exitValue(), rest.toString().strip());
    }

    @Test
    void sigtermMakesEventLoopReturn143() throws Exception {
        Outcome o = signalled("TERM", 1);
        assertEquals("eventLoop returned 143", o.output());
        assertEquals(143, o.exitCode());
    }

    @Test
    void sigintMakesEventLoopReturn130() throws Exception {
        Outcome o = signalled("INT", 1);
        assertEquals("eventLoop returned 130", o.output());
        assertEquals(130, o.exitCode());
    }

    @Test
    void withTheDefaultTurnedOffSigtermEndsTheJvmAsUsual() throws Exception {
        Outcome o = signalled("TERM", 1, "-Dshrapnel.exitOnSignals=false");
        assertEquals("", o.output(), "eventLoop must not have returned");
        assertEquals(143, o.exitCode());
    }

    @Test
    void aSecondSigtermEndsTheJvmWhenTheLoopIsStuck() throws Exception {
        Outcome o = signalled("TERM", 5, "--", "stuck");
        assertEquals("", o.output(), "a stuck loop cannot return");
        assertEquals(143, o.exitCode());
    }
}
