package io.shrapnel.benchmarks.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shrapnel's AMQP client against RabbitMQ's amqp-client 5.x, in one JVM, against one real RabbitMQ
 * (started here with servers/rabbitmq-amqp.sh on 127.0.0.1:26680, or {@code port=N} for a running one).
 *
 * <pre>
 * java --add-opens java.base/java.lang=ALL-UNNAMED -Djdk.pollerMode=1 -cp &lt;benchmarks classpath&gt; \
 *     io.shrapnel.benchmarks.amqp.AmqpClientBench messages=20000 batch=100 prefetch=100 calls=5000 rounds=3
 * </pre>
 *
 * Workloads: publish with confirms (256-byte bodies, confirms awaited per batch), consume with
 * manual acks (a queue filled beforehand, the given prefetch), and sequential RPC round trips over
 * direct reply-to to an echo server (an amqp-client consumer in this JVM, the same for both sides).
 * The RPC calls of the two sides alternate in blocks of {@code block} calls (default 100, a few tens
 * of ms), so that a burst of load on a shared machine falls on both sides' samples alike; with
 * whole phases one after the other, a p99 of 2,000 calls (the 20 slowest) compared two different
 * seconds of the machine more than two clients.
 * CPU per message is this JVM's process CPU over the measured window (client, JIT, GC; the broker is
 * another process). Round 0 is a discarded warm-up; sides alternate within each round; ratios are
 * taken within a round and the median over rounds is printed.
 */
public final class AmqpClientBench {
    private AmqpClientBench() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            a.put(kv[0], kv[1]);
        }
        int messages = Integer.parseInt(a.getOrDefault("messages", "20000"));
        int batch = Integer.parseInt(a.getOrDefault("batch", "100"));
        int prefetch = Integer.parseInt(a.getOrDefault("prefetch", "100"));
        int calls = Integer.parseInt(a.getOrDefault("calls", "5000"));
        int rounds = Integer.parseInt(a.getOrDefault("rounds", "3"));
        int block = Integer.parseInt(a.getOrDefault("block", "100"));
        Path script = Path.of(a.getOrDefault("script", "servers/rabbitmq-amqp.sh")).toAbsolutePath();
        Path dir = null;
        int port;
        if (a.containsKey("port")) {
            port = Integer.parseInt(a.get("port"));
        } else {
            port = 26680;
            dir = Files.createTempDirectory("amqp-bench");
            run(script.toString(), "start", dir.toString(), Integer.toString(port));
        }
        try {
            bench(port, messages, batch, prefetch, calls, rounds, block);
        } finally {
            if (dir != null) {
                run(script.toString(), "stop", dir.toString());
            }
        }
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(Arrays.toString(cmd) + " failed");
        }
    }

    private static void bench(int port, int messages, int batch, int prefetch, int calls, int rounds, int block)
            throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setPort(port);
        f.setUsername("test");
        f.setPassword("test");
        byte[] body = new byte[256];
        try (Connection admin = f.newConnection("bench-admin"); Channel ac = admin.createChannel();
                Channel echo = admin.createChannel();
                Side shrapnel = new ShrapnelSide(port); Side rabbit = new RabbitSide(port)) {
            ac.queueDeclare("bench-publish", false, false, false, null);
            ac.queueDeclare("bench-consume", false, false, false, null);
            ac.queueDeclare("bench-rpc", false, false, false, null);
            echo.basicConsume("bench-rpc", true, (tag, d) -> echo.basicPublish("", d.getProperties().getReplyTo(),
                    new AMQP.BasicProperties.Builder().correlationId(d.getProperties().getCorrelationId()).build(),
                    d.getBody()), tag -> { });
            Map<String, List<double[]>> rows = new HashMap<>();  // key -> per round {ops/s, cpu, ...}
            for (int round = 0; round <= rounds; round++) {
                List<Side> order = round % 2 == 0 ? List.of(shrapnel, rabbit) : List.of(rabbit, shrapnel);
                for (Side s : order) {
                    ac.queuePurge("bench-publish");
                    Side.Measured pub = s.publishConfirmed("bench-publish", messages, batch, body);
                    ac.queuePurge("bench-consume");
                    s.publishConfirmed("bench-consume", messages, batch, body); // fill, not measured
                    Side.Measured con = s.consumeAcked("bench-consume", messages, prefetch);
                    if (round > 0) {
                        rows.computeIfAbsent(s.name() + " publish", k -> new ArrayList<>())
                                .add(new double[] {pub.opsPerSecond(), pub.cpuMicrosPerOp()});
                        rows.computeIfAbsent(s.name() + " consume", k -> new ArrayList<>())
                                .add(new double[] {con.opsPerSecond(), con.cpuMicrosPerOp()});
                    }
                    System.out.printf("round %d %-11s publish %,.0f msg/s %.2f us/msg | consume %,.0f msg/s %.2f us/msg%n",
                            round, s.name(), pub.opsPerSecond(), pub.cpuMicrosPerOp(), con.opsPerSecond(), con.cpuMicrosPerOp());
                }
                Map<Side, Long> rpcCpu = new HashMap<>(); // this JVM's CPU while each side's blocks ran
                Map<Side, long[]> rt = rpcInterleaved(order, calls, block, rpcCpu);
                for (Side s : order) {
                    long[] t = rt.get(s).clone();
                    Arrays.sort(t);
                    if (round > 0) {
                        rows.computeIfAbsent(s.name() + " rpc", k -> new ArrayList<>())
                                .add(new double[] {t[t.length / 2] / 1e3, t[(int) (t.length * 0.99)] / 1e3});
                    }
                    System.out.printf("round %d %-11s rpc p50 %.0f us p99 %.0f us p99.9 %.0f us max %.0f us"
                            + " | CPU %.1f us/call | calls over 1 ms %d, of them first of a block %d%n", round, s.name(),
                            t[t.length / 2] / 1e3, t[(int) (t.length * 0.99)] / 1e3, t[(int) (t.length * 0.999)] / 1e3,
                            t[t.length - 1] / 1e3, rpcCpu.get(s) / 1e3 / calls, slow(rt.get(s), 1_000_000, block, false),
                            slow(rt.get(s), 1_000_000, block, true));
                }
            }
            report(rows, "publish", "msg/s", "CPU us/msg");
            report(rows, "consume", "msg/s", "CPU us/msg");
            report(rows, "rpc", "p50 us", "p99 us");
        }
    }

    /** {@code calls} round trips per side, the sides taking turns every {@code block} calls; nanoseconds, in order. */
    private static Map<Side, long[]> rpcInterleaved(List<Side> order, int calls, int block, Map<Side, Long> rpcCpu)
            throws Exception {
        Map<Side, Side.Rpc> open = new HashMap<>();
        Map<Side, long[]> took = new HashMap<>();
        try {
            for (Side s : order) {
                open.put(s, s.openRpc("bench-rpc"));
                took.put(s, new long[calls]);
            }
            for (int done = 0; done < calls; done += block) {
                int n = Math.min(block, calls - done);
                for (Side s : order) {
                    long cpu = Side.cpuNanos();
                    System.arraycopy(open.get(s).calls(n), 0, took.get(s), done, n);
                    rpcCpu.merge(s, Side.cpuNanos() - cpu, Long::sum);
                }
            }
        } finally {
            for (Side.Rpc r : open.values()) {
                r.close();
            }
        }
        return took;
    }

    /** How many calls took over {@code nanos} (only the first of each block, if {@code firstOnly}). */
    private static int slow(long[] inOrder, long nanos, int block, boolean firstOnly) {
        int n = 0;
        for (int i = 0; i < inOrder.length; i++) {
            if (inOrder[i] > nanos && (!firstOnly || i % block == 0)) {
                n++;
            }
        }
        return n;
    }

    private static void report(Map<String, List<double[]>> rows, String workload, String first, String second) {
        List<double[]> s = rows.get("shrapnel " + workload);
        List<double[]> r = rows.get("amqp-client " + workload);
        double[] r0 = new double[s.size()];
        double[] r1 = new double[s.size()];
        for (int i = 0; i < s.size(); i++) {
            r0[i] = s.get(i)[0] / r.get(i)[0];
            r1[i] = s.get(i)[1] / r.get(i)[1];
        }
        System.out.printf("| %s | %s shrapnel %.2f / amqp-client %.2f (ratio median %.2f, %.2f-%.2f) | %s shrapnel %.2f / amqp-client %.2f"
                + " (ratio median %.2f, %.2f-%.2f) |%n", workload, first, median(s, 0), median(r, 0), median(r0),
                min(r0), max(r0), second, median(s, 1), median(r, 1), median(r1), min(r1), max(r1));
    }

    private static double median(List<double[]> rows, int col) {
        return median(rows.stream().mapToDouble(x -> x[col]).toArray());
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }
}
