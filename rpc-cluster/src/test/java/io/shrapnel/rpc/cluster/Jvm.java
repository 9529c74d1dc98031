package io.shrapnel.rpc.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A second (or third) JVM for multi-process tests: this JVM's java, library flags and class path. */
final class Jvm {
    private Jvm() {}

    static List<String> command(Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-") || arg.startsWith("--enable-native-access")
                    || arg.startsWith("--sun-misc") || arg.startsWith("-Djdk.pollerMode")
                    || arg.startsWith("-Dchronicle")) {
                cmd.add(arg);
            }
        }
        cmd.addAll(List.of("-Xmx128m", "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts {@code main} and returns once it printed a line starting with {@code ready}. */
    static Process start(Class<?> main, String ready, String... args) throws IOException {
        Process p = new ProcessBuilder(command(main, args)).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith(ready)) {
                Thread drain = new Thread(() -> {
                    try {
                        out.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException gone) {
                        // the process ended
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return p;
            }
            seen.append(line).append('\n');
        }
        p.destroyForcibly();
        throw new AssertionError(main.getSimpleName() + " did not start:\n" + seen);
    }

    /** Runs {@code main} to its end; returns what it printed (stdout and stderr). */
    static String run(Class<?> main, String... args) throws Exception {
        Process p = new ProcessBuilder(command(main, args)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new AssertionError(main.getSimpleName() + " exited with " + p.exitValue() + ":\n" + out);
        }
        return out;
    }
}
