package io.shrapnel.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An open {@link JmxEndpoint} does not keep the JVM alive after {@code Coro.setExit}: a child JVM
 * opens one from a coro, ends its loop and returns from {@code main}, and must exit by itself.
 */
class JmxEndpointExitTest {
    @Test
    void aChildJvmWithAnOpenEndpointExitsAfterSetExit() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-javaagent") && !arg.startsWith("-agentlib")) {
                command.add(arg); // the project's JVM flags, as surefire passed them
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ExitingProgram.class.getName()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            boolean exited = child.waitFor(60, TimeUnit.SECONDS);
            String output = exited ? new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8) : "";
            assertTrue(exited, "the child JVM is still alive 60 s after setExit: " + threadDump(child));
            assertTrue(output.contains("endpoint open on port ") && output.contains("event loop returned 3"), output);
            assertEquals(0, child.exitValue(), output);
        } finally {
            child.destroyForcibly();
        }
    }

    private static String threadDump(Process child) {
        try {
            Process jstack = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow()
                    .replaceAll("java$", "jstack"), String.valueOf(child.pid())).redirectErrorStream(true).start();
            return new String(jstack.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "(no thread dump: " + e + ")";
        }
    }
}
