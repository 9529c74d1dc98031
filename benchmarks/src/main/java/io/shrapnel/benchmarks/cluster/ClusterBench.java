package io.shrapnel.benchmarks.cluster;

import io.shrapnel.kernel.Coro;
import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.Actors;
import io.shrapnel.mailbox.Inbox;
import io.shrapnel.rpc.ActorNode;
import io.shrapnel.rpc.Serialisers;
import io.shrapnel.rpc.cluster.Cluster;
import io.shrapnel.rpc.cluster.ClusterEvent;
import io.shrapnel.rpc.cluster.ClusterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Failure detection and registry lookups of rpc-cluster on a real etcd:
 * <ul>
 * <li>kill -9 of a node JVM to NodeDown on this node (median and max over {@code kills});</li>
 * <li>registry lookups: the cache ({@code ownerOf}), {@code whereIs} (cache + the rpc module's name
 *     check on the owner node) and {@code whereIsUncached} (etcd range + the same check);</li>
 * <li>members joining (join and leave) per second.</li>
 * </ul>
 * Usage: {@code ClusterBench kills lookups joins} (e.g. 20 2000 200); {@code ClusterBench node <etcd> <name>}
 * is the node JVM it kills.
 */
public final class ClusterBench {
    private ClusterBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("node")) {
            Coro.spawn("node", () -> {
                Cluster.join(List.of(args[1]), args[2], new InetSocketAddress("127.0.0.1", 1));
                System.out.println("READY");
                System.out.flush();
            });
            Coro.eventLoop();
            return;
        }
        int kills = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int lookups = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int joins = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        try (EtcdProcess etcd = new EtcdProcess(24380, 24381)) {
            Coro.spawn("bench", () -> {
                try {
                    detection(etcd.endpoint(), kills);
                    lookups(etcd.endpoint(), lookups);
                    joins(etcd.endpoint(), joins);
                } finally {
                    Coro.setExit(0);
                }
            });
            Coro.eventLoop();
        }
    }

    static void detection(String etcd, int kills) throws Exception {
        Cluster watcher = Cluster.join(List.of(etcd), "watcher");
        Inbox<Object> inbox = Actors.inbox();
        watcher.subscribe(Actors.self());
        inbox.receive(Duration.ofSeconds(5)); // NodeUp(watcher)
        double[] ms = new double[kills];
        for (int i = 0; i < kills; i++) {
            String name = "victim-" + i;
            Process p = Coro.offload(() -> startNode(etcd, name));
            while (!(inbox.receive(Duration.ofSeconds(10)).orElseThrow() instanceof ClusterEvent.NodeUp up
                    && up.member().name().equals(name))) {
                // other events
            }
            long killed = System.nanoTime();
            p.destroyForcibly();
            while (!(inbox.receive(Duration.ofSeconds(30)).orElseThrow() instanceof ClusterEvent.NodeDown down
                    && down.member().name().equals(name))) {
                // other events
            }
            ms[i] = (System.nanoTime() - killed) / 1e6;
            Coro.offload(p::waitFor);
        }
        Arrays.sort(ms);
        System.out.printf("detection kill -9 -> NodeDown, TTL %d s, %d kills: median %.0f ms, min %.0f ms, max %.0f ms%n",
                Cluster.DEFAULT_TTL.toSeconds(), kills, ms[kills / 2], ms[0], ms[kills - 1]);
        watcher.close();
    }

    static Process startNode(String etcd, String name) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--") || a.startsWith("-Dchronicle")) {
                cmd.add(a);
            }
        }
        cmd.addAll(List.of("-Xmx96m", "-cp", System.getProperty("java.class.path"), ClusterBench.class.getName(), "node", etcd, name));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
        for (String line; (line = out.readLine()) != null; ) {
            if (line.equals("READY")) {
                return p;
            }
        }
        throw new IllegalStateException("node " + name + " did not start");
    }

    static void lookups(String etcd, int n) throws Exception {
        Serialisers s = new Serialisers();
        InetSocketAddress addrA = new InetSocketAddress("127.0.0.1", 24382);
        InetSocketAddress addrB = new InetSocketAddress("127.0.0.1", 24383);
        ActorNode nodeA = ActorNode.start(addrA, s);
        ActorNode nodeB = ActorNode.start(addrB, s);
        Cluster a = Cluster.join(List.of(etcd), "bench-a", addrA);
        Cluster b = Cluster.join(List.of(etcd), "bench-b", addrB);
        ClusterRegistry namesA = ClusterRegistry.start(a, nodeA);
        ClusterRegistry namesB = ClusterRegistry.start(b, nodeB);
        ActorRef<Object> target = Actors.spawn("target", (Inbox<Object> in) -> {
            while (true) {
                in.receive();
            }
        });
        namesB.register("target", target);
        while (namesA.ownerOf("target").isEmpty()) {
            Coro.sleep(Duration.ofMillis(5));
        }
        namesA.whereIs("target"); // opens the link
        namesA.whereIsUncached("target");
        System.out.printf("registry lookup, %d each: cache ownerOf %.2f us, whereIs (cache + rpc name check) %.1f us, "
                        + "whereIsUncached (etcd + rpc name check) %.1f us%n", n,
                time(n, () -> namesA.ownerOf("target")), time(n, () -> namesA.whereIs("target")),
                time(n, () -> namesA.whereIsUncached("target")));
        namesA.close();
        namesB.close();
        a.close();
        b.close();
        Actors.stop(target);
        nodeA.close();
        nodeB.close();
    }

    interface Op {
        Object run() throws Exception;
    }

    /** Mean microseconds per call over {@code n} calls. */
    static double time(int n, Op op) throws Exception {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            op.run();
        }
        return (System.nanoTime() - t0) / 1e3 / n;
    }

    static void joins(String etcd, int n) throws Exception {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Cluster.join(List.of(etcd), "joiner-" + i).close();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("members joining and leaving, one after another: %d in %.2f s = %.0f per second%n", n, s, n / s);
    }
}
