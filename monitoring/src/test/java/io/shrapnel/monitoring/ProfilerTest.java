package io.shrapnel.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.monitoring.internal.profile.FunctionTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(CoroTestExtension.class)
class ProfilerTest {
    private static final String BURN = ProfilerTest.class.getName() + ".burnCpuInANamedMethod";

    @TempDir
    Path dir;

    static volatile long sink;

    /** Pure computation for at least {@code millis} (the clock is read only between chunks, so samples land here). */
    static void burnCpuInANamedMethod(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        long x = 17;
        do {
            for (int i = 0; i < 2_000_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
                x ^= x >>> 29;
            }
        } while (System.nanoTime() < end);
        sink = x;
    }

    private static Profile.CoroRow coro(Profile p, String name) {
        List<Profile.CoroRow> rows = p.coros().stream().filter(c -> name.equals(c.name())).toList();
        assertEquals(1, rows.size(), "coros named " + name + " in " + p.coros());
        return rows.get(0);
    }

    @Test
    void knownWorkloadPutsTheBurningMethodOnTopAndChargesEachCoroItsOwnWork() throws Exception {
        Path report = dir.resolve("workload.profile");
        Scheduler loop = Scheduler.create("profiled");
        loop.spawn("burner", () -> {
            for (int i = 0; i < 10; i++) {
                burnCpuInANamedMethod(30);
                Coro.yieldSlice();
            }
        });
        loop.spawn("sleeper", () -> {
            for (int i = 0; i < 10; i++) {
                Coro.sleep(Duration.ofMillis(20));
            }
        });
        loop.spawn("allocator", () -> {
            for (int i = 0; i < 64; i++) {
                sink += new byte[1 << 20].length; // 64 MB in all, 1 MB per run
                Coro.yieldSlice();
            }
        });
        // Execution samples: wall-clock sampling, a thousand a second of the burner's time on a CPU
        // (CPU-time samples are tested by CpuTimeProfileTest).
        Profiler.start(Duration.ofMillis(1), Sampling.EXECUTION, List.of());
        Profile stopped;
        try {
            loop.runUntilDone();
        } finally {
            stopped = Profiler.stop(report);
            loop.close();
        }
        assertFalse(Profiler.isRunning());
        Profile p = Profile.read(report);
        assertEquals(stopped, p, "the report file holds what stop returned");
        assertEquals("jdk.ExecutionSample", p.sampler());

        Profile.CoroRow burner = coro(p, "burner");
        Profile.CoroRow sleeper = coro(p, "sleeper");
        Profile.CoroRow allocator = coro(p, "allocator");
        assertEquals(11, burner.resumes(), "ten yields and the last run");
        assertEquals(11, sleeper.resumes(), "ten sleeps and the last run");
        assertEquals(65, allocator.resumes());
        assertTrue(burner.wallNanos() >= 300_000_000, "the burner burns 10 x 30 ms: " + burner);
        assertTrue(burner.cpuNanos() > 10 * sleeper.cpuNanos(), burner + " vs " + sleeper);
        // (No CPU-versus-wall-time ratio here: on a loaded machine the loop thread is descheduled
        // while it burns, so CPU time can be a small part of the wall time. Tests never assert on speed.)
        assertTrue(burner.cpuNanos() > 0, "burning is CPU work: " + burner);
        assertTrue(allocator.allocatedBytes() >= 64L << 20, allocator.toString());
        assertTrue(burner.allocatedBytes() < 1 << 20, "the burner allocates next to nothing: " + burner);

        FunctionTable functions = FunctionTable.of(p);
        FunctionTable.Function top = functions.bySelf().get(0);
        assertEquals(BURN, top.name(), "top functions: " + functions.bySelf().subList(0, Math.min(5, functions.bySelf().size())));
        assertEquals(1, top.selfCoros(), "only the burner runs it");
        assertTrue(top.self() >= 0.8 * p.stacks().stream().filter(s -> s.coroId() == burner.id())
                .mapToLong(Profile.StackRow::count).sum(), "most of the burner's samples are in the method");
        Map<Long, Long> samplesByCoro = p.stacks().stream().collect(
                Collectors.groupingBy(Profile.StackRow::coroId, Collectors.summingLong(Profile.StackRow::count)));
        // (a handful at least: how many depends on how much CPU the busy machine gives the burner)
        assertTrue(samplesByCoro.getOrDefault(burner.id(), 0L) >= 5, "samples by coro: " + samplesByCoro);
        assertTrue(functions.callers(BURN).keySet().stream().anyMatch(c -> c.startsWith(ProfilerTest.class.getName() + ".lambda$")),
                "called from the burner's lambda: " + functions.callers(BURN));

        Path page = dir.resolve("workload.html");
        ProfileReport.main(new String[] {report.toString(), page.toString()});
        String html = Files.readString(page);
        assertTrue(html.contains("<h2>Non-Aggregate Timings</h2>") && html.contains("<h2>Aggregate Timings</h2>")
                && html.contains("<h2>Call Graph</h2>") && html.contains("class=\"sortable\""), "page sections");
        int selfTable = html.indexOf("<table id=\"self\"");
        int firstFunction = html.indexOf("<td class=\"text\"><a href=\"#cg", selfTable);
        assertTrue(html.startsWith(BURN, html.indexOf("\">", firstFunction + 20) + 2), "first row of the self table: "
                + html.substring(firstFunction, Math.min(html.length(), firstFunction + 200)));
        assertTrue(html.contains("<td class=\"text\">burner</td>"));
        int flame = html.indexOf("<h3 id=\"flame0\">burner</h3>");
        assertTrue(flame > 0, "the burner's flame graph comes first (most samples)");
        assertTrue(html.indexOf("<svg class=\"flame\"", flame) > flame
                && html.indexOf("data-n=\"" + BURN + "\"", flame) > flame, "its flame graph has the burning method");
        Files.copy(page, Path.of("target/profiler-test-workload.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void runProfilesTheBodyAndReturnsWhatItReturns() throws Exception {
        Path report = dir.resolve("run.profile");
        Scheduler loop = Scheduler.create("run");
        loop.spawn("short", () -> Coro.sleep(Duration.ofMillis(1)));
        int exit = Profiler.run(report, loop::runUntilDone);
        loop.close();
        assertEquals(0, exit);
        assertFalse(Profiler.isRunning());
        assertEquals(2, coro(Profile.read(report), "short").resumes());
    }

    @Test
    void corosEndingAfterTheFirstTenThousandAreFoldedByName() throws Exception {
        int extra = 50;
        Scheduler loop = Scheduler.create("many");
        loop.spawn("spawner", () -> {
            for (int i = 0; i < io.shrapnel.monitoring.internal.profile.LoopProfile.MAX_ENDED_ACCOUNTS + extra; i++) {
                Coro.spawn("brief", Coro::yieldSlice).join();
            }
        });
        Path report = dir.resolve("many.profile");
        Profiler.run(report, loop::runUntilDone);
        loop.close();
        Profile p = Profile.read(report);
        assertEquals(io.shrapnel.monitoring.internal.profile.LoopProfile.MAX_ENDED_ACCOUNTS,
                p.coros().stream().filter(c -> "brief".equals(c.name())).count());
        Profile.CoroRow folded = coro(p, "brief (ended coros, folded)");
        assertEquals(2L * extra, folded.resumes(), "each folded coro ran twice");
        assertTrue(folded.id() <= -1_000_000, folded.toString());
    }

    @Test
    void startTwiceOrStopWithoutStartSaysWhatToDo() throws Exception {
        IllegalStateException notRunning = assertThrows(IllegalStateException.class, () -> Profiler.stop(dir.resolve("x")));
        assertTrue(notRunning.getMessage().contains("Profiler.start()"), notRunning.getMessage());
        Profiler.start();
        try {
            IllegalStateException twice = assertThrows(IllegalStateException.class, Profiler::start);
            assertTrue(twice.getMessage().contains("Profiler.stop()"), twice.getMessage());
        } finally {
            Profiler.stop(dir.resolve("empty.profile"));
        }
        assertTrue(Profile.read(dir.resolve("empty.profile")).durationNanos() > 0);
    }

    @Test
    void aCorruptReportIsRefusedWithTheLineThatIsWrong() throws Exception {
        Path bad = dir.resolve("bad.profile");
        Files.writeString(bad, "shrapnel-profile\t1\nstarted\t2026-01-01T00:00:00Z\ncoro\t1\t2\n");
        var e = assertThrows(java.io.IOException.class, () -> Profile.read(bad));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        Files.writeString(bad, "GIF89a");
        e = assertThrows(java.io.IOException.class, () -> Profile.read(bad));
        assertTrue(e.getMessage().contains("not a Shrapnel profile report"), e.getMessage());
        Files.writeString(bad, "shrapnel-profile\t1\nstarted\t2026-01-01T00:00:00Z\n");
        e = assertThrows(java.io.IOException.class, () -> Profile.read(bad));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void aVersionOneReportIsReadAsExecutionSamples() throws Exception {
        Path old = dir.resolve("old.profile");
        Files.writeString(old, "shrapnel-profile\t1\nstarted\t2026-01-01T00:00:00Z\nduration-ns\t5\nsample-period-ns\t1\n"
                + "jvm\tx\ncoro\t1\t2\t3\t4\t5\tl\tn\nstack\t1\t2\ta.B.c\n");
        Profile p = Profile.read(old);
        assertEquals("jdk.ExecutionSample", p.sampler());
        assertEquals(2, p.sampleCount());
        assertEquals(List.of(), p.timings());
        Files.writeString(old, "shrapnel-profile\t3\n");
        var e = assertThrows(java.io.IOException.class, () -> Profile.read(old));
        assertTrue(e.getMessage().contains("version 2"), e.getMessage());
    }

    @Test
    void namesAndFramesWithTabsNewlinesAndSemicolonsSurviveTheReportFile() throws Exception {
        Profile p = new Profile(java.time.Instant.parse("2026-01-02T03:04:05Z"), 5, 1, "jvm\tx",
                List.of(new Profile.CoroRow(7, "loop;1", "a\tname\nwith\\stuff", 1, 2, 3, 4),
                        new Profile.CoroRow(-1, "loop;1", null, 0, 0, 9, 0)),
                List.of(new Profile.StackRow(7, 3, List.of("a.B.c", "odd;frame\\", "x.Y.z"))), "jdk.CPUTimeSample", 12,
                List.of(new Profile.MethodTiming("a.B.c\tx", 5, 50, 8, 12)),
                List.of(new Profile.MethodCalls(7, "a.B.c", 4, 40),
                        new Profile.MethodCalls(Profile.MethodCalls.OTHER_THREADS, "a.B.c", 1, 10)));
        Path f = dir.resolve("odd.profile");
        p.write(f);
        assertEquals(p, Profile.read(f));
    }
}
