package io.shrapnel.kernel;

import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * Stderr output of the kernel: the exception notifier, the latency warning, compact tracebacks.
 *
 * <p>Threading: any thread; the notifier is swapped atomically.
 */
final class Reporting {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss.SSS");
    private static final int MAX_FRAMES = 12;

    static final ExceptionNotifier DEFAULT_NOTIFIER = (coro, error) ->
            printStderr("uncaught exception in " + coro + ": " + compactTraceback(error));

    private static volatile ExceptionNotifier notifier = DEFAULT_NOTIFIER;

    private Reporting() {}

    static ExceptionNotifier setNotifier(ExceptionNotifier n) {
        ExceptionNotifier old = notifier;
        notifier = n == null ? DEFAULT_NOTIFIER : n;
        return old;
    }

    static void uncaught(Coro coro, Throwable error) {
        try {
            notifier.uncaught(coro, error);
        } catch (Throwable t) {
            DEFAULT_NOTIFIER.uncaught(coro, error);
            printStderr("the exception notifier itself failed: " + compactTraceback(t));
        }
    }

    static void writeStderr(String text) {
        PrintStream err = System.err;
        err.print(text);
        err.flush();
    }

    static void printStderr(String text) {
        writeStderr(LocalDateTime.now().format(STAMP) + " " + text + System.lineSeparator());
    }

    /**
     * One line: {@code Type: message [File.java method line] [...]}, innermost frame first, kernel
     * and reflection frames left out, then the causes the same way.
     */
    static String compactTraceback(Throwable error) {
        StringBuilder sb = new StringBuilder();
        Throwable t = error;
        for (int depth = 0; t != null && depth < 5; depth++, t = t.getCause()) {
            if (depth > 0) {
                sb.append(" caused by ");
            }
            sb.append(t.getClass().getName());
            if (t.getMessage() != null) {
                sb.append(": ").append(t.getMessage().replace('\n', ' '));
            }
            int shown = 0;
            for (StackTraceElement f : t.getStackTrace()) {
                if (hidden(f)) {
                    continue;
                }
                if (shown++ == MAX_FRAMES) {
                    sb.append(" ...");
                    break;
                }
                sb.append(" [").append(Objects.requireNonNullElse(f.getFileName(), f.getClassName()))
                        .append(' ').append(f.getMethodName()).append(' ').append(f.getLineNumber()).append(']');
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return sb.toString();
    }

    private static boolean hidden(StackTraceElement f) {
        String c = f.getClassName();
        return c.startsWith("jdk.internal.") || c.startsWith("java.lang.VirtualThread")
                || c.startsWith("java.lang.invoke.") || c.startsWith("io.shrapnel.kernel.Coro$Runner");
    }

    static String formatDuration(Duration d) {
        if (d.isNegative() || d.isZero()) {
            return "0s";
        }
        long nanos = d.toNanos();
        if (nanos % 1_000_000_000L == 0) {
            return d.toSeconds() + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return d.toMillis() + "ms";
        }
        return thousandths(nanos, 1_000_000L) + "ms";
    }

    /**
     * {@code amount / unit} with three decimals, rounded half up, as {@code %.3f} would print it,
     * without the JDK's formatter: the first {@code String.format} loads the formatter and locale
     * data, 0.6–0.9 s on a 2-core VM, on the loop thread that is reporting a latency. {@code amount}
     * at least 0.
     */
    static String thousandths(long amount, long unit) {
        long scaled = Math.round(amount * 1000.0 / unit);
        long frac = scaled % 1000;
        return (scaled / 1000) + (frac < 10 ? ".00" : frac < 100 ? ".0" : ".") + frac;
    }

    @SuppressWarnings("unchecked")
    static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
