package io.shrapnel.monitoring;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A real client program (socat, nc, telnet) talking to the backdoor: what the test writes goes to
 * its stdin, what it prints is collected.
 *
 * <p>Threading: a platform thread collects the output; the test reads it through synchronized methods.
 */
final class ClientProcess implements AutoCloseable {
    private final Process process;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    private ClientProcess(Process process) {
        this.process = process;
        Thread.ofPlatform().daemon().name("client-output").start(() -> {
            try (InputStream in = process.getInputStream()) {
                byte[] buf = new byte[4096];
                int n;
                while ((n = in.read(buf)) > 0) {
                    synchronized (output) {
                        output.write(buf, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
    }

    static ClientProcess start(String... command) throws IOException {
        return new ClientProcess(new ProcessBuilder(List.of(command)).redirectErrorStream(true).start());
    }

    /** Writes to the client's stdin (it sends it on). */
    ClientProcess send(String text) throws IOException {
        return send(text.getBytes(UTF_8));
    }

    ClientProcess send(byte[] bytes) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write(bytes);
        in.flush();
        return this;
    }

    /** Closes the client's stdin: it sends end of stream and waits for the backdoor to close. */
    ClientProcess endInput() throws IOException {
        process.getOutputStream().close();
        return this;
    }

    String output() {
        synchronized (output) {
            return output.toString(UTF_8);
        }
    }

    /** Waits (up to 60 s: the first snippet compiles JShell's world) until the output contains {@code text}. */
    String await(String text) {
        Awaitility.await("client output containing '" + text + "'")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .failFast("the client exited; its output: " + output(), () -> !process.isAlive() && !output().contains(text))
                .until(() -> output().contains(text));
        return output();
    }

    /** Waits for the client to exit by itself; returns everything it printed. */
    String awaitExit() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the client is still running after 60 s; its output: " + output());
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !process.isAlive());
        return output();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
