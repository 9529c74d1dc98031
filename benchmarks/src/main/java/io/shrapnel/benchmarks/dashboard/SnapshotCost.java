package io.shrapnel.benchmarks.dashboard;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.net.TcpSock;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.management.MBeanServer;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;

/**
 * What one dashboard snapshot costs the process, with nothing else running: an echo server loop
 * holding N idle connections (N session coros parked in a read, as in {@link DashboardOverhead}),
 * Shrapnel's beans registered, and the dashboard's own reader ({@code NodeReader.read} and the
 * snapshot's JSON, as its sampler does once a second) run in a loop on this thread. Prints the CPU
 * time of the process and of this thread per snapshot, and the time of each bean's {@code getAttributes} alone.
 *
 * <pre>SnapshotCost PORT CONNECTIONS SNAPSHOTS</pre>
 *
 * The dashboard's internals are reached by reflection: the benchmarks module does not depend on the
 * dashboard, whose jar goes on the class path by hand (see benchmarks/results/dashboard.md).
 */
public final class SnapshotCost {
    private SnapshotCost() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int conns = Integer.parseInt(args[1]);
        int snapshots = Integer.parseInt(args[2]);
        Scheduler loop = Scheduler.create("server");
        loop.spawn("listener", () -> {
            TcpSock s = TcpSock.create();
            s.bind(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), port));
            s.listen(1024);
            while (true) {
                TcpSock conn = s.accept();
                Coro.spawn("session", () -> {
                    byte[] block;
                    while ((block = conn.recv(1000)).length > 0) {
                        conn.sendAll(block);
                    }
                });
            }
        });
        Thread.ofPlatform().daemon().name("server-loop").start(loop::run);
        List<SocketChannel> clients = new ArrayList<>();
        for (int i = 0; i < conns; i++) {
            SocketChannel c = null;
            for (int attempt = 0; c == null; attempt++) {
                try {
                    c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                } catch (java.net.ConnectException notYet) {
                    if (attempt > 100) {
                        throw notYet;
                    }
                    Thread.sleep(20);
                }
            }
            clients.add(c);
        }
        while (loop.liveCoros() < conns + 1) {
            Thread.sleep(10);
        }
        Method register = Class.forName("io.shrapnel.monitoring.Monitoring").getMethod("registerMBeans");
        register.invoke(null);
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        Class<?> connectorClass = Class.forName("io.shrapnel.dashboard.internal.NodeConnector");
        Object connector = connectorClass.getMethod("of", String.class, MBeanServerConnection.class)
                .invoke(null, "this process", mbeans);
        Class<?> readerClass = Class.forName("io.shrapnel.dashboard.internal.NodeReader");
        Constructor<?> newReader = readerClass.getConstructor(String.class, connectorClass);
        Object reader = newReader.newInstance("local", connector);
        Method read = readerClass.getMethod("read");
        Class<?> sampleClass = Class.forName("io.shrapnel.dashboard.internal.NodeSample");
        Method numbers = sampleClass.getMethod("numbers");
        Method snapshot = Class.forName("io.shrapnel.dashboard.internal.Snapshots")
                .getMethod("snapshot", long.class, List.class, Map.class);
        Method readSome = null; // read(Predicate): tables only for the views pages show (absent in older dashboards)
        try {
            readSome = readerClass.getMethod("read", java.util.function.Predicate.class);
        } catch (NoSuchMethodException older) {
            System.out.println("this dashboard reads every table of every snapshot");
        }
        java.util.function.Predicate<String> nodesView = type -> false;
        var threads = ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int bytes = 0;
        for (int round = 0; round < (readSome == null ? 2 : 3); round++) { // the first round warms up
            boolean someTables = round == 2;
            long cpu0 = threads.getCurrentThreadCpuTime();
            long process0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            for (int i = 0; i < snapshots; i++) {
                register.invoke(null); // as the sampler does before each read
                Object sample = someTables ? readSome.invoke(reader, nodesView) : read.invoke(reader);
                bytes = ((String) snapshot.invoke(null, System.currentTimeMillis(), List.of(sample), numbers.invoke(sample))).length();
            }
            long cpu = threads.getCurrentThreadCpuTime() - cpu0;
            long process = os.getProcessCpuTime() - process0;
            long wall = System.nanoTime() - t0;
            System.out.printf("%s: %d snapshots, per snapshot: %.2f ms CPU of the process, %.2f ms of the reading thread, "
                            + "%.2f ms wall; %d bytes of JSON%n", round == 0 ? "warm-up" : someTables ? "a page on the nodes view (no tables)" : "every table",
                    snapshots,
                    process / 1e6 / snapshots, cpu / 1e6 / snapshots, wall / 1e6 / snapshots, bytes);
        }
        Map<String, Double> perBean = new TreeMap<>();
        for (ObjectName n : mbeans.queryNames(new ObjectName("io.shrapnel:*"), null)) {
            String[] attrs = java.util.Arrays.stream(mbeans.getMBeanInfo(n).getAttributes()).map(a -> a.getName()).toArray(String[]::new);
            long cpu0 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < snapshots; i++) {
                mbeans.getAttributes(n, attrs);
            }
            perBean.put(n.getCanonicalName(), (threads.getCurrentThreadCpuTime() - cpu0) / 1e6 / snapshots);
        }
        perBean.forEach((n, ms) -> System.out.printf("  %-60s %.3f ms CPU per read of all attributes%n", n, ms));
        for (SocketChannel c : clients) {
            c.close();
        }
        System.exit(0);
    }
}
