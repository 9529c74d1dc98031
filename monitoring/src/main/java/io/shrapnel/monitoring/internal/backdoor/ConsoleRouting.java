package io.shrapnel.monitoring.internal.backdoor;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code System.out} and {@code System.err} that print to a backdoor session when the printing
 * thread belongs to one, and to the console otherwise. A session's threads are those of its thread
 * group: the session's REPL thread, the thread JShell runs each snippet on (in a group below it), and
 * threads a snippet starts. Coros are virtual threads, outside every session: a coro spawned from the
 * REPL prints to the console, as in the original (its output is not captured by whoever spawned it).
 *
 * <p>Each print is handed whole to the target stream, so a session stalled by a slow client holds
 * only its own stream's lock, never the console's.
 *
 * <p>Threading: any thread. Never removed (with no session open it costs one map check per print).
 */
public final class ConsoleRouting extends PrintStream {
    private static final Map<ThreadGroup, PrintStream[]> SESSIONS = new ConcurrentHashMap<>();

    private final PrintStream console;
    private final int which;

    private ConsoleRouting(PrintStream console, int which) {
        super(console, true, console.charset());
        this.console = console;
        this.which = which;
    }

    /**
     * Puts routing streams in place of System.out and System.err, unless they are there already
     * (again if something replaced them since: the new stream becomes the console).
     */
    public static synchronized void install() {
        if (!(System.out instanceof ConsoleRouting)) {
            System.setOut(new ConsoleRouting(System.out, 0));
        }
        if (!(System.err instanceof ConsoleRouting)) {
            System.setErr(new ConsoleRouting(System.err, 1));
        }
    }

    /** Sends what threads of {@code group} print to {@code out} (System.out) and {@code err} (System.err). */
    public static void route(ThreadGroup group, PrintStream out, PrintStream err) {
        SESSIONS.put(group, new PrintStream[] {out, err});
    }

    public static void unroute(ThreadGroup group) {
        SESSIONS.remove(group);
    }

    private PrintStream target() {
        if (!SESSIONS.isEmpty()) {
            for (ThreadGroup g = Thread.currentThread().getThreadGroup(); g != null; g = g.getParent()) {
                PrintStream[] s = SESSIONS.get(g);
                if (s != null) {
                    return s[which];
                }
            }
        }
        return console;
    }

    // Every public method of PrintStream, forwarded whole.

    @Override
    public void write(int b) {
        target().write(b);
    }

    @Override
    public void write(byte[] buf, int off, int len) {
        target().write(buf, off, len);
    }

    @Override
    public void write(byte[] buf) {
        target().write(buf, 0, buf.length);
    }

    @Override
    public void writeBytes(byte[] buf) {
        target().writeBytes(buf);
    }

    @Override
    public void flush() {
        target().flush();
    }

    @Override
    public void close() {
        target().flush(); // System.out is not closed by a snippet that closes it
    }

    @Override
    public boolean checkError() {
        return target().checkError();
    }

    @Override
    public void print(boolean b) {
        target().print(b);
    }

    @Override
    public void print(char c) {
        target().print(c);
    }

    @Override
    public void print(int i) {
        target().print(i);
    }

    @Override
    public void print(long l) {
        target().print(l);
    }

    @Override
    public void print(float f) {
        target().print(f);
    }

    @Override
    public void print(double d) {
        target().print(d);
    }

    @Override
    public void print(char[] s) {
        target().print(s);
    }

    @Override
    public void print(String s) {
        target().print(s);
    }

    @Override
    public void print(Object obj) {
        target().print(obj);
    }

    @Override
    public void println() {
        target().println();
    }

    @Override
    public void println(boolean x) {
        target().println(x);
    }

    @Override
    public void println(char x) {
        target().println(x);
    }

    @Override
    public void println(int x) {
        target().println(x);
    }

    @Override
    public void println(long x) {
        target().println(x);
    }

    @Override
    public void println(float x) {
        target().println(x);
    }

    @Override
    public void println(double x) {
        target().println(x);
    }

    @Override
    public void println(char[] x) {
        target().println(x);
    }

    @Override
    public void println(String x) {
        target().println(x);
    }

    @Override
    public void println(Object x) {
        target().println(x);
    }

    @Override
    public PrintStream printf(String format, Object... args) {
        target().printf(format, args);
        return this;
    }

    @Override
    public PrintStream printf(Locale l, String format, Object... args) {
        target().printf(l, format, args);
        return this;
    }

    @Override
    public PrintStream format(String format, Object... args) {
        target().format(format, args);
        return this;
    }

    @Override
    public PrintStream format(Locale l, String format, Object... args) {
        target().format(l, format, args);
        return this;
    }

    @Override
    public PrintStream append(CharSequence csq) {
        target().append(csq);
        return this;
    }

    @Override
    public PrintStream append(CharSequence csq, int start, int end) {
        target().append(csq, start, end);
        return this;
    }

    @Override
    public PrintStream append(char c) {
        target().append(c);
        return this;
    }
}
