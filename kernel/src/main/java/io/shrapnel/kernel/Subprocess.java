package io.shrapnel.kernel;

import io.shrapnel.kernel.internal.Waiter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * A child process that coros wait for without blocking their loop.
 *
 * <pre>{@code
 * Subprocess p = Subprocess.start("/bin/sh", "-c", "exit 3");
 * int code = p.waitFor();                        // parks this coro only
 * Subprocess.Result r = Subprocess.run("git", "status");   // exit code, stdout, stderr
 * }</pre>
 *
 * <p>The JDK's process reaper thread notices the exit ({@link Process#onExit()}) and the wake is
 * posted to the waiting coro's loop; no loop thread ever calls {@code Process.waitFor}. Reading the
 * child's output is blocking pipe I/O, so {@link #run} does it on {@link Coro#offload} threads.
 *
 * <p>Threading: {@link #waitFor()} and {@link #run} park the calling coro; the rest may be called from
 * any thread. Several coros (of any loops) may wait for the same process.
 */
public final class Subprocess {
    private final Process process;

    private Subprocess(Process process) {
        this.process = process;
    }

    /** What {@link #run} collected: the exit code and everything the process wrote. */
    public record Result(int exitCode, String stdout, String stderr) {}

    /** Starts {@code command} (stdin, stdout and stderr are pipes, as with {@link ProcessBuilder}). */
    public static Subprocess start(String... command) throws IOException {
        return start(new ProcessBuilder(command));
    }

    /**
     * Starts the process {@code builder} describes. Inside a coro the fork and exec run on an
     * {@link Coro#offload} thread: they take milliseconds, and hundreds of them on a busy machine.
     */
    public static Subprocess start(ProcessBuilder builder) throws IOException {
        if (Coro.current() == null) {
            return new Subprocess(builder.start());
        }
        try {
            return new Subprocess(Coro.offload(builder::start));
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot start " + builder.command(), e);
        }
    }

    /**
     * Runs {@code command} to its end, collecting its output (UTF-8), with stdin closed. If the coro
     * is interrupted or times out, the process is killed. While the child runs, two threads of the
     * {@link Coro#offload} pool read its pipes: for many children at once, raise
     * {@code -Dshrapnel.offload.threads} or read the streams of {@link #start}ed ones yourself.
     */
    public static Result run(String... command) throws IOException, InParallelError {
        Subprocess p = start(command);
        p.process.getOutputStream().close();
        try {
            List<String> out = Parallel.inParallel(List.<Callable<String>>of(
                    () -> Coro.offload(() -> readAll(p.process.getInputStream())),
                    () -> Coro.offload(() -> readAll(p.process.getErrorStream()))));
            return new Result(p.waitFor(), out.get(0), out.get(1));
        } catch (Throwable t) {
            p.process.destroyForcibly(); // also ends the blocked pipe reads
            throw t;
        }
    }

    private static String readAll(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Parks the current coro until the process has exited; returns its exit code. */
    public int waitFor() {
        Coro.require("Subprocess.waitFor");
        if (!process.isAlive()) {
            return process.exitValue();
        }
        Waiter w = Waiter.begin(this);
        // Completes on a JDK thread; a wake that arrives after a timeout is stale and dropped.
        process.onExit().thenRun(() -> w.wakeFromAnyThread(null));
        w.await();
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Asks the process to terminate (SIGTERM). */
    public void destroy() {
        process.destroy();
    }

    /** Kills the process (SIGKILL). */
    public void destroyForcibly() {
        process.destroyForcibly();
    }

    /** The JDK process, for its streams. */
    public Process process() {
        return process;
    }

    @Override
    public String toString() {
        return "process " + process.pid() + " " + Objects.toString(process.info().command().orElse(""));
    }
}
