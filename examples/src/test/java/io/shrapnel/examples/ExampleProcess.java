package io.shrapnel.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * One example run for real, as {@code bin/demo} runs it: a separate JVM with the project's JVM
 * flags, {@code io.shrapnel.examples.Examples <name> <args>}. Its output is collected line by line.
 *
 * <p>Threading: a platform thread reads the output; the lines list is safe to read from the test.
 */
final class ExampleProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on /[^:]+:(\\d+)");

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private ExampleProcess(Process process) {
        this.process = process;
        Thread reader = Thread.ofPlatform().daemon().name("example-output").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process went away
            }
        });
        reader.setUncaughtExceptionHandler((t, e) -> { });
    }

    static ExampleProcess start(String example, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Arrays.asList(System.getProperty("shrapnel.jvm.args").trim().split("\\s+")));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Examples.class.getName());
        cmd.add(example);
        cmd.addAll(Arrays.asList(args));
        return new ExampleProcess(new ProcessBuilder(cmd).redirectErrorStream(true).start());
    }

    /** Waits for the "listening on /127.0.0.1:PORT" line and returns the port. */
    int awaitListeningPort() {
        String line = awaitLine("listening on");
        Matcher m = LISTENING.matcher(line);
        if (!m.find()) {
            throw new AssertionError("no port in: " + line);
        }
        return Integer.parseInt(m.group(1));
    }

    /** Waits (up to 120 s: a loaded CI machine starts JVMs slowly) for an output line containing {@code text}. */
    String awaitLine(String text) {
        Awaitility.await("output line with '" + text + "', got " + lines)
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> lines.stream().anyMatch(l -> l.contains(text)) || !process.isAlive());
        return lines.stream().filter(l -> l.contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("example exited without printing '" + text + "': " + lines));
    }

    /** Waits for the process to exit by itself; returns its exit code. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            throw new AssertionError("example still running after 120 s; output: " + lines);
        }
        return process.exitValue();
    }

    List<String> lines() {
        return lines;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
