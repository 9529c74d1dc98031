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
 * within TTL + 1 s; a node that leaves (after a time, or on SIGTERM) is seen down at once and exits 0
 * (143 after SIGTERM);
 * an unreachable etcd is a clear failure.
 */
class ClusterDemoTest extends WithEtcd {
    /**
     * The demo nodes' lease: 5 s, not the default 2 s, since on the shared 2-core machine a JVM that
     * starts may stall its loop longer than 2 s and lose its first lease (its NodeUp/NodeDown flap).
     */
    static final Duration TTL = Duration.ofSeconds(5);
    /** The lease of nodes that leave: far longer than a test waits for their NodeDown. */
    static final Duration LONG_TTL = Duration.ofSeconds(60);

    /** One demo node's JVM and the lines it printed. */
    static final class Demo implements AutoCloseable {
        final String name;
        final Process process;
        final List<String> lines = new CopyOnWriteArrayList<>();

        Demo(String name, String... extra) throws IOException {
            this(name, TTL, extra);
        }

        Demo(String name, Duration ttl, String... extra) throws IOException {
            this.name = name;
            List<String> cmd = new ArrayList<>(NodeProcess.command(ClusterDemo.class, name,
                    Integer.toString(EtcdServer.freeActorPort()), etcd.endpoint()));
            cmd.add(1, "-Dshrapnel.cluster.ttl=" + ttl.toSeconds());
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

            // d leaves after 3 s, e when it gets SIGTERM. Their lease is 60 s, so a NodeDown within 30 s can
            // only come from leaving (the lease revoked), not from the lease running out.
            try (Demo d = new Demo("d", LONG_TTL, "3"); Demo e = new Demo("e", LONG_TTL)) {
                a.awaitLine("NodeUp d", startup);
                d.awaitLine("leaving after 3 s", startup);
                e.awaitLine("joined the cluster", startup);
                a.awaitLine("NodeUp e", startup);
                // SIGTERM. Not e.process.destroy(): that also closes this end of e's output, so what e prints
                // after the signal would never be read (which once looked like a handler that did not fire)
                e.process.toHandle().destroy();
                e.awaitLine("leaving on SIGTERM", startup);
                // each NodeUp matched by a NodeDown (should a loaded machine have let a lease run out once)
                await("a printing NodeDown d and e after they left").atMost(LONG_TTL.dividedBy(2))
                        .pollInterval(Duration.ofMillis(10))
                        .until(() -> a.count("NodeDown d") == a.count("NodeUp d") && a.count("NodeDown e") == a.count("NodeUp e"));
                assertTrue(d.process.waitFor(60, TimeUnit.SECONDS), "d did not exit");
                assertEquals(0, d.process.exitValue(), "d's output: " + d.lines);
                assertTrue(e.process.waitFor(60, TimeUnit.SECONDS), "e did not exit");
                assertEquals(143, e.process.exitValue(), "e's output: " + e.lines);
            }
            // a itself never failed ("[a] <time> failed: ..."); an ask of c may fail should a loaded machine
            // have let c's lease run out once while it started (the others saw it down for a moment)
            assertTrue(a.lines.stream().noneMatch(l -> l.startsWith("[a] ") && l.split(" ", 3)[2].startsWith("failed:")),
                    a.lines.toString());
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
