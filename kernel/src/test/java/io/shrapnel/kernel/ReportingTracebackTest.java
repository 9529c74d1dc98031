package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The one-line traceback's limits (five causes, twelve frames each) and a notifier that fails. */
@ExtendWith(CoroTestExtension.class)
class ReportingTracebackTest {
    @RegisterExtension
    final CapturedStderr err = new CapturedStderr();

    private static Throwable chain(int length) {
        Throwable t = null;
        for (int i = length; i >= 1; i--) {
            t = new IllegalStateException("level " + i, t);
        }
        return t;
    }

    private static int count(String s, String part) {
        return s.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    @Test
    void atMostFiveCausesAreShown() {
        String two = Reporting.compactTraceback(chain(2));
        assertTrue(two.contains("level 1") && two.contains(" caused by java.lang.IllegalStateException: level 2"), two);
        String seven = Reporting.compactTraceback(chain(7));
        assertEquals(4, count(seven, " caused by "), seven);
        assertTrue(seven.contains("level 5") && !seven.contains("level 6"), seven);
    }

    @Test
    void atMostTwelveFramesPerThrowableAreShown() {
        Throwable deep = new IllegalStateException("deep");
        StackTraceElement[] frames = new StackTraceElement[20];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = new StackTraceElement("app.Deep", "f" + i, "Deep.java", i + 1);
        }
        deep.setStackTrace(frames);
        String line = Reporting.compactTraceback(deep);
        assertEquals(12, count(line, "[Deep.java "), line);
        assertTrue(line.endsWith("[Deep.java f11 12] ..."), line);
    }

    @Test
    void aNotifierThatFailsIsReportedAndTheDefaultOneTellsTheErrorInstead() throws Exception {
        ExceptionNotifier previous = Coro.setExceptionNotifier((coro, error) -> {
            throw new IllegalStateException("notifier fails");
        });
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> Coro.spawn("doomed", () -> {
                throw new IllegalArgumentException("the coro's own error");
            }).join());
        } finally {
            Coro.setExceptionNotifier(previous);
        }
        String out = err.text();
        assertTrue(out.contains("name=doomed>: java.lang.IllegalArgumentException: the coro's own error"), out);
        assertTrue(out.contains("the exception notifier itself failed: java.lang.IllegalStateException: notifier fails"), out);
    }

    @Test
    void settingANotifierGivesBackTheOneItReplaces() {
        ExceptionNotifier mine = (coro, error) -> { };
        ExceptionNotifier before = Coro.setExceptionNotifier(mine);
        try {
            assertSame(mine, Coro.setExceptionNotifier(before));
        } finally {
            Coro.setExceptionNotifier(before);
        }
    }

    @Test
    void whatTheKernelWritesToStderrIsFlushedAtOnce() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream old = System.err;
        // a stream that holds what it is given until flushed (System.err may be one)
        System.setErr(new PrintStream(new BufferedOutputStream(bytes, 1 << 16), false, StandardCharsets.UTF_8));
        try {
            Reporting.writeStderr("a line\n");
            assertEquals("a line\n", bytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(old);
        }
    }
}
