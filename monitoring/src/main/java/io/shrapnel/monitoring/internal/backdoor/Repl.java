package io.shrapnel.monitoring.internal.backdoor;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.MethodSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.TypeDeclSnippet;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.execution.LocalExecutionControlProvider;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionEnv;

/**
 * One session's Java REPL: JShell with its in-process ("local") execution engine, so snippets run
 * in this JVM and see its objects: the same {@code Coro}, the same loops, the application's classes.
 * Snippet classes are loaded by a loader whose parent is the application's, and compiled against the
 * application's class path. Lines are gathered until they make a complete snippet (JShell's own
 * analysis), then evaluated; results print as {@code $1 ==> 42}, as {@code jshell} prints them.
 *
 * <p>Threading: built, fed and closed on the session's REPL thread; {@link #stop()} from any thread.
 */
final class Repl implements AutoCloseable {
    private static final int MAX_VALUE_CHARS = 100_000;
    private static final int MAX_FRAMES = 12;

    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    private final PrintStream out;
    private final StringBuilder pending = new StringBuilder();

    private volatile Interruptible engine;

    /** The "local" engine, with the application's class loader as the parent of the snippets' loader. */
    private final class InProcess extends LocalExecutionControlProvider {
        private final ClassLoader parent;

        InProcess(ClassLoader parent) {
            this.parent = parent;
        }

        @Override
        public ExecutionControl createExecutionControl(ExecutionEnv env, Map<String, String> parameters) {
            Interruptible e = new Interruptible(parent);
            engine = e;
            return e;
        }
    }

    /**
     * Local execution that also honours a Ctrl-C that came before the snippet started running (while
     * it compiled): JShell's own stop() reaches only code that runs already.
     */
    private static final class Interruptible extends LocalExecutionControl {
        private volatile boolean stopRequested;

        Interruptible(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected String invoke(java.lang.reflect.Method doit) throws Exception {
            if (stopRequested) {
                throw new StoppedException();
            }
            return super.invoke(doit);
        }

        void requestStop() {
            stopRequested = true;
            try {
                stop();
            } catch (EngineTerminationException | InternalException e) {
                // the engine is gone or not running code: the flag is enough
            }
        }

        void clearStop() {
            stopRequested = false;
        }
    }

    Repl(PrintStream out, ClassLoader parent, String classPath) {
        this.out = out;
        this.shell = JShell.builder()
                .executionEngine(new InProcess(parent), Map.of())
                .compilerOptions("--class-path", classPath)
                .in(new ByteArrayInputStream(new byte[0]))
                .out(out)
                .err(out)
                .build();
        this.analysis = shell.sourceCodeAnalysis();
    }

    /** Evaluates {@code source} quietly (the session's imports); returns the first error, or null. */
    String prepare(String source) {
        for (SnippetEvent e : shell.eval(source)) {
            if (e.status() == Snippet.Status.REJECTED) {
                return source + ": " + shell.diagnostics(e.snippet()).map(d -> d.getMessage(Locale.ROOT)).toList();
            }
            if (e.exception() != null) {
                return source + ": " + e.exception();
            }
        }
        return null;
    }

    /**
     * Takes one line; evaluates every snippet it completes. Returns true if a snippet is still open
     * (the continuation prompt). An empty line ends a snippet that could be complete as it is.
     */
    boolean line(String line) {
        if (pending.isEmpty() && line.isBlank()) {
            return false;
        }
        pending.append(line).append('\n');
        while (!pending.toString().isBlank()) {
            SourceCodeAnalysis.CompletionInfo ci = analysis.analyzeCompletion(pending.toString());
            switch (ci.completeness()) {
                case COMPLETE, COMPLETE_WITH_SEMI, UNKNOWN -> {
                    eval(ci.source());
                    pending.setLength(0);
                    pending.append(ci.remaining());
                }
                case CONSIDERED_INCOMPLETE -> {
                    if (!line.isBlank()) {
                        return true;
                    }
                    eval(pending.toString());
                    pending.setLength(0);
                }
                case DEFINITELY_INCOMPLETE -> {
                    return true;
                }
                case EMPTY -> pending.setLength(0);
            }
        }
        pending.setLength(0);
        return false;
    }

    /** After Ctrl-C: forgets the snippet being typed, and lets the next ones run again. */
    void reset() {
        pending.setLength(0);
        Interruptible e = engine;
        if (e != null) {
            e.clearStop();
        }
    }

    /**
     * Stops the snippet running now, and any that starts before {@link #reset()} (the rest of the line
     * Ctrl-C interrupted). Any thread.
     */
    void stop() {
        Interruptible e = engine;
        if (e != null) {
            e.requestStop();
        } else {
            shell.stop();
        }
    }

    private void eval(String source) {
        for (SnippetEvent e : shell.eval(source)) {
            if (e.causeSnippet() != null) {
                continue; // an update of a snippet that depends on this one
            }
            if (e.exception() != null) {
                exception(e.exception());
            } else if (e.status() == Snippet.Status.REJECTED) {
                diagnostics(e.snippet());
            } else {
                result(e);
            }
        }
        out.flush();
    }

    private void result(SnippetEvent e) {
        Snippet s = e.snippet();
        boolean created = e.previousStatus() == Snippet.Status.NONEXISTENT;
        switch (s) {
            case VarSnippet v when e.value() != null -> out.println(v.name() + " ==> " + cap(e.value()));
            case jdk.jshell.ExpressionSnippet x when e.value() != null -> out.println(x.name() + " ==> " + cap(e.value()));
            case MethodSnippet m -> out.println((created ? "created" : "modified") + " method " + m.name()
                    + "(" + m.parameterTypes() + ")");
            case TypeDeclSnippet t -> out.println((created ? "created " : "modified ") + kind(t) + " " + t.name());
            default -> { }
        }
    }

    private static String kind(TypeDeclSnippet t) {
        return switch (t.subKind()) {
            case INTERFACE_SUBKIND -> "interface";
            case ENUM_SUBKIND -> "enum";
            case ANNOTATION_TYPE_SUBKIND -> "annotation";
            case RECORD_SUBKIND -> "record";
            default -> "class";
        };
    }

    private void exception(Exception x) {
        if (x instanceof EvalException ee) {
            out.println("Exception " + ee.getExceptionClassName() + (ee.getMessage() != null ? ": " + ee.getMessage() : ""));
            frames(ee.getStackTrace());
            Throwable cause = ee.getCause();
            for (int depth = 0; cause != null && depth < 5; depth++, cause = cause.getCause()) {
                String name = cause instanceof EvalException c ? c.getExceptionClassName() : cause.getClass().getName();
                out.println("Caused by: " + name + (cause.getMessage() != null ? ": " + cause.getMessage() : ""));
                frames(cause.getStackTrace());
            }
        } else if (x instanceof UnresolvedReferenceException u) {
            out.println("Attempted to use " + u.getSnippet().source().strip() + ", which needs something not yet defined");
        } else {
            out.println("Exception " + x);
        }
    }

    private void frames(StackTraceElement[] stack) {
        List<StackTraceElement> frames = List.of(stack);
        for (int i = 0; i < Math.min(frames.size(), MAX_FRAMES); i++) {
            out.println("      at " + frames.get(i));
        }
        if (frames.size() > MAX_FRAMES) {
            out.println("      ... " + (frames.size() - MAX_FRAMES) + " more");
        }
    }

    private void diagnostics(Snippet s) {
        String source = s.source();
        for (Diag d : shell.diagnostics(s).toList()) {
            out.println((d.isError() ? "Error: " : "Warning: ") + d.getMessage(Locale.ROOT));
            long pos = d.getStartPosition();
            if (pos >= 0 && pos <= source.length()) {
                int lineStart = source.lastIndexOf('\n', (int) Math.max(0, pos - 1)) + 1;
                int lineEnd = source.indexOf('\n', (int) pos);
                String text = source.substring(lineStart, lineEnd < 0 ? source.length() : lineEnd);
                out.println("  " + text);
                out.println("  " + " ".repeat((int) pos - lineStart) + "^");
            }
        }
    }

    private static String cap(String value) {
        return value.length() <= MAX_VALUE_CHARS ? value
                : value.substring(0, MAX_VALUE_CHARS) + "... (" + value.length() + " chars)";
    }

    @Override
    public void close() {
        shell.close();
    }
}
