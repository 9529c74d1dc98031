package io.shrapnel.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report file's edges: blank lines, zero durations, empty stacks, escapes at the ends of fields. */
class ReportFormatTest {
    private static final String HEAD = "shrapnel-profile\t2\nstarted\t2026-01-01T00:00:00Z\nduration-ns\t0\nsample-period-ns\t0\n";

    @TempDir
    Path dir;

    private Profile read(String text) throws IOException {
        Path f = dir.resolve("r.profile");
        Files.writeString(f, text);
        return Profile.read(f);
    }

    @Test
    void blankLinesZeroDurationsAndAnEmptyStackAreRead() throws Exception {
        Profile p = read(HEAD + "\nstack\t1\t2\t\n\n");
        assertEquals(0, p.durationNanos());
        assertEquals(0, p.samplePeriodNanos());
        assertEquals(List.of(new Profile.StackRow(1, 2, List.of())), p.stacks());
        assertEquals("jdk.ExecutionSample", p.sampler(), "no sampler line");
    }

    @Test
    void aFieldEndingInALoneBackslashIsRefused() {
        var e = assertThrows(IOException.class, () -> read(HEAD + "stack\t1\t2\ta.B.c\\\n"));
        assertTrue(e.getMessage().contains("line 5") && e.getMessage().contains("lone backslash"), e.getMessage());
        e = assertThrows(IOException.class, () -> read(HEAD + "jvm\tx\\\n"));
        assertTrue(e.getMessage().contains("lone backslash"), e.getMessage());
        e = assertThrows(IOException.class, () -> read(HEAD + "jvm\t\\q\n"));
        assertTrue(e.getMessage().contains("unknown escape \\q"), e.getMessage());
    }

    @Test
    void aLongFirstLineIsCutInTheMessage() {
        String forty = "y".repeat(40);
        var e = assertThrows(IOException.class, () -> read(forty + "\n"));
        assertTrue(e.getMessage().endsWith("its first line is '" + forty + "'"), e.getMessage());
        var longer = assertThrows(IOException.class, () -> read(forty + "z\n"));
        assertTrue(longer.getMessage().endsWith("its first line is '" + forty + "...'"), longer.getMessage());
        var empty = assertThrows(IOException.class, () -> read(""));
        assertTrue(empty.getMessage().endsWith("its first line is missing"), empty.getMessage());
        var unknown = assertThrows(IOException.class, () -> read(HEAD + "z".repeat(41) + "\tx\n"));
        assertTrue(unknown.getMessage().contains("unknown record '" + "z".repeat(40) + "...'"), unknown.getMessage());
    }

    @Test
    void textsStartingOrEndingWithEscapesSurvive() throws Exception {
        Profile p = new Profile(Instant.EPOCH, 1, 1, "\tjvm", List.of(new Profile.CoroRow(1, "\\", "\nname\t", 1, 1, 1, 1)),
                List.of(new Profile.StackRow(1, 1, List.of(";", "\\", "a;b"))), "s", 0,
                List.of(new Profile.MethodTiming("\tm", 1, 2, 3, 4)), List.of(new Profile.MethodCalls(1, "\\m", 1, 2)));
        Path f = dir.resolve("odd.profile");
        p.write(f);
        assertEquals(p, Profile.read(f));
        assertTrue(Files.readString(f).contains("jvm\t\\tjvm\n"), Files.readString(f));
    }

    @Test
    void recordsWithTheWrongNumberOfFieldsAreRefused() {
        for (String bad : List.of("timing\t1\t2\t3\t4\n", "calls\t1\t2\t3\n", "sampler\n", "lost-samples\tx\n")) {
            var e = assertThrows(IOException.class, () -> read(HEAD + bad), bad);
            assertTrue(e.getMessage().contains("line 5"), e.getMessage());
        }
    }
}
