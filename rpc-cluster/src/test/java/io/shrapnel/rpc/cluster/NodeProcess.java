package io.shrapnel.rpc.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A cluster node in its own JVM (this JVM's java, flags and class path), started until it prints READY. */
final class NodeProcess {
    private NodeProcess() {}

    /** The command line of a JVM like this one (java, module flags, class path) running {@code main} with {@code args}. */
    static List<String> command(Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--") || a.startsWith("-Dchronicle") || a.startsWith("-Djdk.pollerMode"))
                .forEach(cmd::add);
        cmd.addAll(List.of("-Xmx96m", "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static Process start(String etcdEndpoint, String nodeName) throws IOException {
        Process p = new ProcessBuilder(command(ClusterNodeMain.class, etcdEndpoint, nodeName)).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
        StringBuilder printed = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null && !line.equals("READY")) {
            printed.append(line).append('\n');
        }
        if (line == null) {
            p.destroyForcibly();
            throw new AssertionError("node " + nodeName + " did not start:\n" + printed);
        }
        Thread.ofPlatform().daemon().start(() -> {
            try {
                out.transferTo(java.io.Writer.nullWriter());
            } catch (IOException ended) {
                // the process is gone
            }
        });
        return p;
    }
}
