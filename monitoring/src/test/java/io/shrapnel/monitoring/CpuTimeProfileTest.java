package io.shrapnel.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.monitoring.internal.profile.FunctionTable;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The profiler's per-function figures from JDK 25's own facilities: CPU-time samples
 * ({@code jdk.CPUTimeSample}) of a coro that burns one second of CPU, and exact call counts of a
 * timed method ({@code jdk.MethodTiming}), in all and by coro.
 */
@ExtendWith(CoroTestExtension.class)
class CpuTimeProfileTest {
    private static final String BURN = CpuTimeProfileTest.class.getName() + ".burnAChunk";
    private static final String STEP = CpuTimeProfileTest.class.getName() + ".countedStep";

    @TempDir
    Path dir;

    static volatile long sink;
    static volatile boolean enough;

    static void burnAChunk() {
        long x = sink | 17;
        for (int i = 0; i < 1_000_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            x ^= x >>> 29;
        }
        sink = x;
    }

    static int countedStep(int i) {
        return i * 31 + 7;
    }

    @Test
    @org.junit.jupiter.api.Timeout(240) // one second of CPU may take minutes of wall time on a loaded machine
    void aCoroBurningOneSecondOfCpuHasHundredsOfSamplesInItsHottestMethod() throws Exception {
        enough = false;
        Scheduler loop = Scheduler.create("cpu-time");
        AtomicLong loopThread = new AtomicLong(-1);
        loop.spawn("burner", () -> {
            while (!enough) {
                burnAChunk();
            }
        });
        loop.post(() -> loopThread.set(Thread.currentThread().threadId()));
        Profiler.start(Duration.ofMillis(1), Sampling.CPU_TIME, List.of());
        Thread runner = Thread.ofPlatform().name("cpu-time-loop").start(loop::runUntilDone);
        Profile p;
        try {
            var threads = ManagementFactory.getThreadMXBean();
            // One second of the loop thread's CPU time, however long the busy machine takes to give it.
            Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50))
                    .until(() -> loopThread.get() > 0 && threads.getThreadCpuTime(loopThread.get()) >= 1_000_000_000L);
        } finally {
            enough = true;
            runner.join();
            p = Profiler.stop(dir.resolve("cpu.profile"));
            loop.close();
        }
        assertEquals("jdk.CPUTimeSample", p.sampler(), "Linux JDK 25 has CPU-time sampling");
        FunctionTable.Function top = FunctionTable.of(p).bySelf().get(0);
        assertEquals(BURN, top.name());
        System.out.println("CPU-time samples in " + BURN + " over one second of CPU: " + top.self()
                + " (lost " + p.lostSamples() + ", all " + p.sampleCount() + ")");
        assertTrue(top.self() >= 150, "samples of the hottest method: " + top.self() + " (lost " + p.lostSamples() + ")");
    }

    @Test
    void aTimedMethodHasItsExactCallCountInAllAndByCoro() throws Exception {
        Scheduler loop = Scheduler.create("timed");
        loop.spawn("counter", () -> {
            for (int i = 0; i < 12_345; i++) {
                sink += countedStep(i);
                if (i % 1000 == 0) {
                    Coro.yieldSlice();
                }
            }
        });
        Profiler.start(Duration.ofMillis(10), Sampling.CPU_TIME, List.of(CpuTimeProfileTest.class.getName() + "::countedStep"));
        Profile p;
        try {
            loop.runUntilDone();
        } finally {
            p = Profiler.stop(dir.resolve("timed.profile"));
            loop.close();
        }
        Profile.MethodTiming timing = p.timings().stream().filter(t -> t.method().equals(STEP)).findFirst()
                .orElseThrow(() -> new AssertionError("no timing of " + STEP + " in " + p.timings() + "; calls " + p.calls()));
        assertEquals(12_345, timing.invocations(), timing.toString());
        assertTrue(timing.totalNanos() >= 0 && timing.maxNanos() >= timing.minNanos(), timing.toString());
        long counter = p.coros().stream().filter(c -> "counter".equals(c.name())).findFirst().orElseThrow().id();
        Profile.MethodCalls calls = p.calls().stream().filter(c -> c.coroId() == counter).findFirst()
                .orElseThrow(() -> new AssertionError("no calls by the counter in " + p.calls()));
        assertEquals(new Profile.MethodCalls(counter, STEP, 12_345, calls.totalNanos()), calls);
        assertEquals(p, Profile.read(dir.resolve("timed.profile")));
        String html = p.toHtml();
        assertTrue(html.contains("<h2>Timed methods</h2>") && html.contains("<td class=\"text\">" + STEP + "</td>"), "timings table");
    }
}
