package io.shrapnel.net;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * A real peer program (openssl s_server, s_client, curl) run by a test: its output is collected
 * line by line (stdout and stderr together), its stdin is ours to write and close.
 *
 * <p>Threading: a platform thread reads the output; the rest belongs to the test thread.
 */
final class PeerProcess implements AutoCloseable {
    private static final Pattern ACCEPT = Pattern.compile("ACCEPT .*:(\\d+)");

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final String name;
    private final Thread reader;

    private PeerProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.reader = Thread.ofPlatform().daemon().name("peer-" + name).start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process went away
            }
        });
    }

    static PeerProcess start(String... command) throws IOException {
        return new PeerProcess(command[0], new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    static PeerProcess start(List<String> command) throws IOException {
        return start(command.toArray(String[]::new));
    }

    /**
     * {@code openssl s_server} on an ephemeral port of 127.0.0.1 with these extra arguments; returns
     * once it listens. {@code -www} answers an HTTP GET with a status page.
     */
    static PeerProcess sServer(TestCerts certs, String cert, String... extra) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_server", "-accept", "127.0.0.1:0",
                "-cert", certs.crt(cert).toString(), "-key", certs.key(cert).toString()));
        cmd.addAll(List.of(extra));
        PeerProcess p = start(cmd);
        p.awaitLine("ACCEPT");
        return p;
    }

    int acceptPort() {
        for (String l : lines) {
            Matcher m = ACCEPT.matcher(l);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError(name + " printed no ACCEPT line: " + lines);
    }

    String awaitLine(String text) {
        Awaitility.await(name + " printing '" + text + "'")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> output().contains(text) || !process.isAlive());
        if (!output().contains(text)) {
            throw new AssertionError(name + " exited without printing '" + text + "':\n" + output());
        }
        return text;
    }

    OutputStream stdin() {
        return process.getOutputStream();
    }

    void closeStdin() throws IOException {
        process.getOutputStream().close();
    }

    /** Waits for the process to end (up to 30 s); returns its exit code. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " still running after 30 s:\n" + output());
        }
        reader.join(Duration.ofSeconds(10)); // it may still be draining the last lines
        return process.exitValue();
    }

    String output() {
        return String.join("\n", lines);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
