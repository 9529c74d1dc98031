package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.internal.CoroExtension;
import io.shrapnel.kernel.internal.Kernel;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the loop writes to stderr when a task, a timer or a listener fails, and its latency edge. */
@ExtendWith(CoroTestExtension.class)
class SchedulerReportsTest {
    @RegisterExtension
    final CapturedStderr err = new CapturedStderr();

    private String stderr() {
        return err.text();
    }

    @Test
    void aFailingPostedTaskAndAFailingTimerAreReportedWithTheLoopsName() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            List<String> ran = new ArrayList<>();
            loop.run(() -> {
                Scheduler s = Coro.current().scheduler();
                s.post(() -> {
                    throw new IllegalStateException("task boom");
                });
                s.schedule(Duration.ofMillis(1), new Runnable() {
                    @Override
                    public void run() {
                        throw new IllegalStateException("timer boom");
                    }

                    @Override
                    public String toString() {
                        return "the failing timer";
                    }
                });
                Coro.sleep(Duration.ofMillis(2));
                ran.add("carried on");
            });
            assertEquals(List.of("carried on"), ran);
            String out = stderr();
            assertTrue(out.contains("loop test-virtual: posted task failed: java.lang.IllegalStateException: task boom"), out);
            assertTrue(out.contains("loop test-virtual: timer task the failing timer failed: java.lang.IllegalStateException: timer boom"), out);
        }
    }

    @Test
    void aFailingResumeListenerIsReportedBothWaysAndReplacingItReturnsTheOldOne() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            ResumeListener failing = new FailingResumeListener();
            assertEquals(null, loop.scheduler().setResumeListener(failing));
            assertEquals(7, loop.call(() -> 7));
            assertSame(failing, loop.scheduler().setResumeListener(null));
            String out = stderr();
            assertTrue(out.contains("loop test-virtual: resume listener failed: java.lang.IllegalStateException: resuming fails"), out);
            assertTrue(out.contains("loop test-virtual: resume listener failed: java.lang.IllegalStateException: suspended fails"), out);
        }
    }

    @Test
    void aSliceOfExactlyTheThresholdIsNotReportedAndOneNanosecondMoreIs() throws Exception {
        Duration old = Coro.setLatencyWarning(Duration.ofMillis(100));
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Coro.yieldSlice(); // a fresh slice
                loop.clock().advance(Duration.ofMillis(100));
                Coro.yieldSlice();
                assertEquals(0, Coro.current().scheduler().stats().latencyWarnings(), stderr());
                loop.clock().advance(Duration.ofMillis(100).plusNanos(1));
                Coro.yieldSlice();
                assertEquals(1, Coro.current().scheduler().stats().latencyWarnings(), stderr());
            });
            assertTrue(stderr().contains("High Latency: (0.100s) for <coro #"), stderr());
        } finally {
            Coro.setLatencyWarning(old);
        }
    }

    @Test
    void writeStderrWritesAsItIsAndPrintStderrStampsTheLineAndEndsIt() {
        Coro.writeStderr("as it is");
        Coro.printStderr("stamped");
        String out = stderr();
        assertTrue(out.startsWith("as it is"), out);
        assertTrue(out.matches("(?s)as it is\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} stamped"
                + System.lineSeparator()), out);
    }

    @Test
    void theNoArgumentSetExitAndAnUnnamedSpawnOnALoopEndTheRunWithZero() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            Scheduler s = loop.scheduler();
            List<String> ran = new ArrayList<>();
            Coro c = Coro.spawnOn(s, () -> {
                ran.add("unnamed");
                Coro.setExit();
            });
            assertSame(s, c.scheduler());
            assertEquals(null, c.name());
            s.setExit(9); // replaced by the coro's exit code, 0
            assertEquals(0, s.run());
            assertEquals(List.of("unnamed"), ran);
            Coro d = s.spawn(() -> ran.add("spawned"));
            s.runUntilDone();
            assertTrue(d.isDead());
            assertEquals(List.of("unnamed", "spawned"), ran);
        }
    }

    @Test
    void aFailingCoroExtensionIsReportedAndTheCoroStillRunsAndIsJoined() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            List<String> ran = new ArrayList<>();
            loop.run(() -> {
                Coro c = Coro.create(Coro.current().scheduler(), "extended", () -> {
                    Coro.yieldSlice();
                    ran.add("body done");
                });
                CoroExtension failing = new CoroExtension() {
                    @Override
                    public void suspended(Coro coro) {
                        throw new IllegalStateException("suspended fails");
                    }

                    @Override
                    public void exited(Coro coro, Throwable error) {
                        throw new IllegalStateException("exited fails");
                    }
                };
                assertSame(failing, Kernel.attachExtension(c, failing));
                assertSame(failing, Kernel.attachExtension(c, new CoroExtension() { }), "the first one stays");
                c.start();
                c.join();
                ran.add("joined");
            });
            assertEquals(List.of("body done", "joined"), ran);
            String out = stderr();
            assertTrue(out.contains("loop test-virtual: extension of <coro #"), out);
            assertTrue(out.contains("name=extended> failed: java.lang.IllegalStateException: suspended fails"), out);
            assertTrue(out.contains("name=extended> failed on exit: java.lang.IllegalStateException: exited fails"), out);
        }
    }
}
