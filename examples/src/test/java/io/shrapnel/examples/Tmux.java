package io.shrapnel.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A tmux server of the test's own (its own socket name), with one session running a command in a
 * terminal of a given size: keys are sent with {@code send-keys}, the screen read with
 * {@code capture-pane -p}.
 */
final class Tmux implements AutoCloseable {
    private final String socket;

    private Tmux(String socket) {
        this.socket = socket;
    }

    /** Starts {@code shellCommand} in a detached session of {@code cols} x {@code rows}. */
    static Tmux start(String name, int cols, int rows, String shellCommand) throws IOException, InterruptedException {
        Tmux t = new Tmux("shrapnel-examples-" + name + "-" + ProcessHandle.current().pid());
        t.run("new-session", "-d", "-s", "main", "-x", String.valueOf(cols), "-y", String.valueOf(rows), shellCommand);
        return t;
    }

    /** The screen as text, one line a row. */
    String screen() throws IOException, InterruptedException {
        return run("capture-pane", "-p", "-t", "main");
    }

    void keys(String... keys) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "main"));
        args.addAll(Arrays.asList(keys));
        run(args.toArray(String[]::new));
    }

    private String run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket, "-f", "/dev/null"));
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + new String(out, UTF_8));
        }
        return new String(out, UTF_8);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            run("kill-server");
        } catch (IOException alreadyGone) {
            // the server ends by itself when its last session does
        }
    }
}
