package io.shrapnel.monitoring;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/profile-report} and {@link ProfileReport}: a report that cannot be read is said in one line. */
class ProfileReportTest {
    @TempDir
    Path dir;

    private record Outcome(int code, String out, String err) {}

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ProfileReport.run(args, new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));
        return new Outcome(code, out.toString(UTF_8), err.toString(UTF_8));
    }

    private static void oneLine(Outcome o, int code, String says) {
        assertEquals(code, o.code(), o.toString());
        assertEquals("", o.out());
        assertTrue(o.err().endsWith("\n") && o.err().indexOf('\n') == o.err().length() - 1, "one line: " + o.err());
        assertTrue(o.err().contains(says), o.err());
    }

    @Test
    void aMissingReportIsSaidInOneLine() {
        Path missing = dir.resolve("nothing.profile");
        oneLine(run(missing.toString()), 1, "profile-report: no such file: " + missing);
    }

    @Test
    void withoutArgumentsTheDefaultReportIsRead() {
        String tmp = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", dir.toString());
        try {
            oneLine(run(), 1, "profile-report: no such file: " + dir.resolve("shrapnel.profile"));
        } finally {
            System.setProperty("java.io.tmpdir", tmp);
        }
        oneLine(run("--help"), 2, "usage: profile-report");
        oneLine(run("-h", "x"), 2, "usage: profile-report");
    }

    @Test
    void aDirectoryOrAFileThatIsNoReportIsSaidInOneLine() throws Exception {
        oneLine(run(dir.toString()), 1, "profile-report: cannot read " + dir);
        Path gif = Files.writeString(dir.resolve("x.gif"), "GIF89a\nmore\n");
        oneLine(run(gif.toString()), 1, "not a Shrapnel profile report");
        oneLine(run("a", "b", "c"), 2, "usage: profile-report");
    }

    @Test
    void aPageThatCannotBeWrittenIsSaidInOneLine() throws Exception {
        Path report = dir.resolve("ok.profile");
        new Profile(java.time.Instant.EPOCH, 1, 1, "jvm", java.util.List.of(), java.util.List.of()).write(report);
        oneLine(run(report.toString(), dir.resolve("no/such/dir/page.html").toString()), 1, "cannot write");
        Outcome ok = run(report.toString());
        assertEquals(0, ok.code(), ok.toString());
        assertTrue(ok.out().startsWith("wrote " + report + ".html"), ok.out());
        assertTrue(Files.readString(dir.resolve("ok.profile.html")).startsWith("<!DOCTYPE html>"));
    }

    @Test
    void theScriptSaysAMissingOrUnreadableReportInOneLineWithoutBuilding() throws Exception {
        Path script = Path.of(System.getProperty("user.dir")).resolveSibling("bin").resolve("profile-report");
        assertTrue(Files.isExecutable(script), script.toString());
        Path missing = dir.resolve("nothing.profile");
        assertScript(script, missing.toString(), "profile-report: no such file: " + missing);
        assertScript(script, dir.toString(), "profile-report: " + dir + " is a directory, not a profiler report");
    }

    private static void assertScript(Path script, String arg, String line) throws Exception {
        Process p = new ProcessBuilder(script.toString(), arg).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the script ended");
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), UTF_8);
        assertEquals(1, p.exitValue(), err);
        assertEquals("", out);
        assertEquals(line + "\n", err);
    }
}
