package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A server's accept coro that dies must not leave a live process that serves nothing. */
class CriticalCoroTest {
    private final List<String> reported = new ArrayList<>();
    private ExceptionNotifier previous;

    @BeforeEach
    void recordUncaught() {
        previous = Coro.setExceptionNotifier((coro, error) -> reported.add(coro.name() + ": " + error.getMessage()));
    }

    @AfterEach
    void restoreNotifier() {
        Coro.setExceptionNotifier(previous);
    }

    @Test
    void aCriticalCoroThatDiesEndsItsLoopWithTheCriticalExitCode() {
        try (Scheduler loop = Scheduler.create("critical")) {
            Coro worker = loop.spawn("worker", () -> Coro.sleep(java.time.Duration.ofDays(1)));
            loop.post(() -> Coro.create(loop, "acceptor", () -> {
                throw new IOException("Address already in use: /127.0.0.1:9000");
            }).critical(Coro.CRITICAL_EXIT).start());
            assertEquals(70, loop.run(), "the loop ends although another coro is still alive");
            assertEquals(List.of("acceptor: Address already in use: /127.0.0.1:9000"), reported,
                    "the failure is reported as any uncaught exception is");
            assertTrue(!worker.isDead(), "the loop ended; it did not wait for the other coros");
        }
    }

    @RegisterExtension
    final CapturedStderr err = new CapturedStderr();

    @Test
    void theEndOfTheLoopIsExplainedOnStderr() {
        try (Scheduler loop = Scheduler.create("critical-said")) {
            Coro c = Coro.create(loop, "listener", () -> {
                throw new IllegalStateException("no port");
            }).critical(3);
            c.start();
            assertEquals(3, loop.run());
            assertTrue(err.text().contains("critical " + c + " died: its loop critical-said ends with exit code 3"),
                    err.text());
        }
    }

    @Test
    void spawnCriticalUsesTheCurrentLoopAndCode70() {
        try (Scheduler loop = Scheduler.create("critical-spawn")) {
            loop.spawn("main", () -> Coro.spawnCritical("server", () -> {
                throw new IllegalStateException("no port");
            }));
            assertEquals(Coro.CRITICAL_EXIT, loop.run());
        }
    }

    @Test
    void aCriticalCoroThatReturnsOrIsShutDownLeavesTheLoopRunning() {
        try (Scheduler loop = Scheduler.create("critical-ok")) {
            loop.spawn("main", () -> {
                Coro done = Coro.spawnCritical("returns", () -> { });
                Coro stopped = Coro.spawnCritical("stopped", () -> Coro.sleep(java.time.Duration.ofDays(1)));
                Coro.yieldSlice();
                stopped.shutdown();
                done.join();
                stopped.join();
                Coro.setExit(5);
            });
            assertEquals(5, loop.run(), "neither ending is a failure");
            assertEquals(List.of(), reported);
        }
    }

    @Test
    void anExitCodeOfZeroIsRefused() {
        try (Scheduler loop = Scheduler.create("critical-zero")) {
            Coro c = Coro.create(loop, "c", () -> { });
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.critical(0));
            assertTrue(e.getMessage().contains("must not be 0"), e.getMessage());
        }
    }
}
