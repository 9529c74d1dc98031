package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Signals, child processes and file watches, for real: kill, /bin/sh, files in a temp directory. */
@ExtendWith(CoroTestExtension.class)
class OsEventsTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void aSignalHandlerRunsAsACoroOnItsLoopWhenTheProcessGetsSigusr1() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            String ran = loop.call(() -> {
                OneShot<String> handled = new OneShot<>();
                Scheduler here = Scheduler.current();
                try (Signals.Registration r = Signals.handle(OsSignal.USR1, here,
                        () -> handled.signal(Coro.current().name() + " on " + Coro.current().scheduler().name()))) {
                    assertTrue(Signals.isHandled(OsSignal.USR1));
                    Subprocess.Result kill = Subprocess.run("kill", "-USR1", Long.toString(ProcessHandle.current().pid()));
                    assertEquals(0, kill.exitCode(), kill.stderr());
                    assertTrue(handled.await(PATIENCE), "no SIGUSR1 handler ran");
                }
                assertFalse(Signals.isHandled(OsSignal.USR1));
                return handled.value();
            });
            assertEquals("signal SIGUSR1 on test", ran);
        }
    }

    @Test
    void aSignalHasOneHandlerAtATime() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (Signals.Registration r = Signals.handle(OsSignal.USR2, Scheduler.current(), () -> { })) {
                    assertEquals(OsSignal.USR2, r.signal());
                    assertSame(Scheduler.current(), r.loop());
                    IllegalStateException e = assertThrows(IllegalStateException.class,
                            () -> Signals.handle(OsSignal.USR2, Scheduler.current(), () -> { }));
                    assertTrue(e.getMessage().contains("close that registration first"), e.getMessage());
                    assertTrue(e.getMessage().contains("(handler of SIGUSR2 on loop " + Scheduler.current().name() + ")"),
                            e.getMessage());
                }
                Signals.handle(OsSignal.USR2, Scheduler.current(), () -> { }).close(); // free again
            });
        }
    }

    @Test
    void waitForReturnsTheExitCodeWhileTheLoopKeepsRunning() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            int code = loop.call(() -> {
                // The child exits only after another coro of this loop has written to it: if waitFor
                // held the loop, that coro could never run.
                Subprocess p = Subprocess.start("/bin/sh", "-c", "read line; exit 3");
                Coro feeder = Coro.spawn("feeder", () -> {
                    try (OutputStream in = p.process().getOutputStream()) {
                        in.write("go\n".getBytes(StandardCharsets.US_ASCII));
                    }
                });
                int exit = Coro.withTimeout(PATIENCE, p::waitFor);
                feeder.join();
                assertEquals(exit, p.waitFor(), "waiting again for a dead process returns at once");
                return exit;
            });
            assertEquals(3, code);
        }
    }

    @Test
    void runCollectsTheExitCodeAndBothOutputs() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            Subprocess.Result r = loop.call(() -> Coro.withTimeout(PATIENCE,
                    () -> Subprocess.run("/bin/sh", "-c", "echo out; echo err >&2; exit 3")));
            assertEquals(new Subprocess.Result(3, "out\n", "err\n"), r);
        }
    }

    @Test
    void aWaitThatTimesOutLeavesTheProcessToBeWaitedForAgain() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            int code = loop.call(() -> {
                Subprocess p = Subprocess.start("/bin/sh", "-c", "exec sleep 60");
                assertThrows(TimeoutError.class, () -> Coro.withTimeout(Duration.ofMillis(100), p::waitFor));
                assertTrue(p.isAlive());
                p.destroy(); // SIGTERM
                return Coro.withTimeout(PATIENCE, p::waitFor);
            });
            assertEquals(128 + 15, code);
        }
    }

    @Test
    void aDirectoryWatchReportsCreationModificationAndDeletion(@TempDir Path dir) throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                Path file = dir.resolve("watched.txt");
                try (FileWatch w = FileWatch.open(dir)) {
                    Files.writeString(file, "one");
                    await(w, e -> e.equals(new FileWatch.Created(file)));
                    Subprocess.Result touch = Subprocess.run("touch", "-d", "2001-01-01", file.toString());
                    assertEquals(0, touch.exitCode(), touch.stderr());
                    await(w, e -> e.equals(new FileWatch.Modified(file)));
                    Files.delete(file);
                    await(w, e -> e.equals(new FileWatch.Deleted(file)));
                    w.close();
                    await(w, e -> e instanceof FileWatch.Closed);
                }
            });
        }
    }

    @Test
    void aFileWatchReportsOnlyThatFileAndEndsWithClosed(@TempDir Path dir) throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            List<FileWatch.Event> seen = loop.call(() -> {
                Path file = dir.resolve("only.conf");
                Files.writeString(file, "a");
                List<FileWatch.Event> all = new ArrayList<>();
                try (FileWatch w = FileWatch.open(file)) {
                    Files.writeString(dir.resolve("other.conf"), "noise");
                    Files.writeString(file, "b");
                    all.add(await(w, e -> true));
                    w.close();
                    all.add(await(w, e -> e instanceof FileWatch.Closed));
                    for (FileWatch.Event e : w.events()) {
                        all.add(e);
                    }
                }
                return all;
            });
            assertEquals(new FileWatch.Modified(dir.resolve("only.conf")), seen.get(0));
            assertInstanceOf(FileWatch.Closed.class, seen.get(seen.size() - 1));
            for (FileWatch.Event e : seen) {
                assertFalse(e.toString().contains("other.conf"), "an event of another file: " + e);
            }
        }
    }

    /** Pops events until one matches (the system may report extra modifications on the way). */
    private static FileWatch.Event await(FileWatch w, Predicate<FileWatch.Event> wanted) throws Exception {
        return Coro.withTimeout(PATIENCE, () -> {
            while (true) {
                FileWatch.Event e = w.next();
                if (wanted.test(e)) {
                    return e;
                }
                if (e instanceof FileWatch.Closed) {
                    throw new AssertionError("the watch ended before the expected event");
                }
            }
        });
    }
}
