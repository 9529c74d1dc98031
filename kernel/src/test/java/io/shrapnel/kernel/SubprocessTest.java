package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Subprocess outside and inside coros: starting, failing to start, killing, naming. */
@ExtendWith(CoroTestExtension.class)
class SubprocessTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void aProcessStartedOutsideACoroIsWaitedForInOne() throws Exception {
        Subprocess p = Subprocess.start("/bin/sh", "-c", "read line; exit 4");
        assertEquals(p.process().pid(), p.pid());
        assertTrue(p.toString().startsWith("process " + p.pid() + " "), p.toString());
        assertTrue(p.toString().endsWith("sh"), p.toString());
        p.process().getOutputStream().close(); // the shell's read ends: it exits
        try (TestLoop loop = TestLoop.create()) {
            assertEquals(4, loop.call(() -> Coro.withTimeout(PATIENCE, p::waitFor)));
        }
        assertFalse(p.isAlive());
    }

    @Test
    void aCommandThatCannotStartIsAnIoExceptionInsideAndOutsideCoros() throws Exception {
        assertThrows(IOException.class, () -> Subprocess.start("/nonexistent/shrapnel-no-such-command"));
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                assertThrows(IOException.class, () -> Subprocess.start("/nonexistent/shrapnel-no-such-command"));
                assertThrows(IOException.class, () -> Subprocess.run("/nonexistent/shrapnel-no-such-command"));
            });
        }
    }

    @Test
    void destroyForciblyKillsTheProcessAndWaitForSeesSigkill() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            int code = loop.call(() -> {
                Subprocess p = Subprocess.start("/bin/sh", "-c", "exec sleep 60");
                assertTrue(p.isAlive());
                p.destroyForcibly();
                return Coro.withTimeout(PATIENCE, p::waitFor);
            });
            assertEquals(128 + 9, code);
        }
    }

    @Test
    void runClosesTheChildsStdinSoAReaderOfItEndsAtOnce() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            Subprocess.Result r = loop.call(() -> Coro.withTimeout(PATIENCE, () -> Subprocess.run("/bin/sh", "-c", "cat; echo done")));
            assertEquals(new Subprocess.Result(0, "done\n", ""), r);
        }
    }
}
