package io.shrapnel.rpc.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.rpc.cluster.demo.ClusterDemo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The runnable example: {@link ClusterDemo} nodes as separate JVMs against a real etcd. They meet,
 * find each other's greeter by name and ask it; a node killed with -9 is seen down by the others
 * within TTL + 1 s; a node that leaves is seen down at once and exits 0;
 * an unreachable etcd is a clear failure.
 */
class ClusterDemoTest extends WithEtcd {
    /**
     * The demo nodes' lease: 5 s, not the default 2 s, since on the shared 2-core machine a JVM that
     * starts may stall its loop longer than 2 s and lose its first lease (its NodeUp/NodeDown flap).
     */
    static final Duration TTL = Duration.ofSeconds(5);

    /** One demo node's JVM and the lines it printed. */
    static final class Demo implements AutoCloseable {
        final String name;
        final Process process;
        final List<String> lines = new CopyOnWriteArrayList<>();

        Demo(String name, String... extra) throws IOException {
            this.name = name;
            List<String> cmd = new ArrayList<>(NodeProcess.command(ClusterDemo.class, name,
                    Integer.toString(EtcdServer.freeActorPort()), etcd.endpoint()));
            cmd.add(1, "-Dshrapnel.cluster.ttl=" + TTL.toSeconds());
            cmd.addAll(List.of(extra));
            process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            Thread.ofPlatform().daemon().name("demo-" + name).start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException ended) {
                    // the process is gone
                }
            });
        }

        /** Waits (up to {@code within}) for a line that contains {@code text}. */
        void awaitLine(String text, Duration within) {
            try {
                await(name + " printing '" + text + "'").atMost(within).pollInterval(Duration.ofMillis(10))
                        .until(() -> lines.stream().anyMatch(l -> l.contains(text)));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError(name + " did not print '" + text + "' within " + within + " (alive: "
                        + process.isAlive() + "); it printed:\n" + String.join("\n", lines), e);
            }
        }

        long count(String text) {
            return lines.stream().filter(l -> l.contains(text)).count();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    @Test
    void nodesMeetGreetEachOtherAndSeeAKilledOrLeavingNodeDown() throws Exception {
        Duration startup = Duration.ofSeconds(120); // a JVM may take that long to start on a loaded 2-core machine
        try (Demo a = new Demo("a"); Demo b = new Demo("b")) {
            a.awaitLine("NodeUp b", startup);
            a.awaitLine("whereIs(greeter-b) answered: hello a, from b", startup);
            b.awaitLine("whereIs(greeter-a) answered: hello b, from a", startup);
            a.awaitLine("joined the cluster at " + etcd.endpoint() + " as a", startup);

            try (Demo c = new Demo("c")) {
                a.awaitLine("whereIs(greeter-c) answered: hello a, from c", startup);
                b.awaitLine("NodeUp c", startup);
                long downsA = a.count("NodeDown c");
                long downsB = b.count("NodeDown c");
                c.process.destroyForcibly(); // kill -9: its lease runs out
                await("NodeDown c on a and b").atMost(TTL.plusSeconds(1)).pollInterval(Duration.ofMillis(10))
                        .until(() -> a.count("NodeDown c") > downsA && b.count("NodeDown c") > downsB);
            }

            try (Demo d = new Demo("d", "3")) { // leaves after 3 s
                a.awaitLine("NodeUp d", startup);
                d.awaitLine("leaving after 3 s", startup);
                // its lease revoked: NodeDown at once (each NodeUp d matched by a NodeDown d, should a loaded
                // machine have let d's lease run out once while it started)
                await("a printing NodeDown d after d left").atMost(Duration.ofSeconds(2))
                        .until(() -> a.count("NodeDown d") == a.count("NodeUp d"));
                assertTrue(d.process.waitFor(20, TimeUnit.SECONDS), "d did not exit");
                assertEquals(0, d.process.exitValue(), "d's output: " + d.lines);
            }
            assertTrue(a.lines.stream().noneMatch(l -> l.contains("failed")), a.lines.toString());
        }
    }

    @Test
    void anUnreachableEtcdIsAClearFailureAndExitCodeOne() throws Exception {
        int nobody = EtcdServer.freePort();
        List<String> cmd = NodeProcess.command(ClusterDemo.class, "lonely", Integer.toString(EtcdServer.freeActorPort()),
                "http://127.0.0.1:" + nobody);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(1, p.exitValue(), out);
            assertTrue(out.contains("[lonely]") && out.contains("failed") && out.contains("127.0.0.1:" + nobody), out);
        } finally {
            p.destroyForcibly();
        }
    }
}
