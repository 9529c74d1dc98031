package io.shrapnel.benchmarks.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Echo throughput, side by side: for each message size, connection count and pipelining depth,
 * every server kind in turn (a fresh JVM each, pinned to CPU 1) under the same load generator (this
 * JVM; pin it to CPU 0 with taskset). Reports messages/s and the server's CPU time per message from
 * /proc (the round with the median CPU per message), and Shrapnel's CPU per message over each peer's
 * taken within each round (the rounds interleave the kinds), as median and range.
 *
 * <pre>
 * taskset -c 0 java -cp benchmarks.jar io.shrapnel.benchmarks.net.EchoBench \
 *     kinds=shrapnel,netty-epoll sizes=64 conns=100 depths=1,16 warmup=2 measure=4 rounds=1
 * </pre>
 *
 * <p>Threading: one thread.
 */
public final class EchoBench {
    private EchoBench() {}

    record Cell(String kind, int size, int conns, int depth, double msgsPerSec, double cpuNanosPerMsg) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>(Map.of(
                "kinds", "shrapnel,netty-epoll,netty-nio,vthreads,nio",
                "sizes", "64,4096", "conns", "1,100,1000", "depths", "1,16",
                "warmup", "2", "measure", "4", "rounds", "1", "cpu", "1"));
        for (String a : args) {
            opt.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        if (opt.containsKey("attach")) { // load only, against a server started by hand (to profile it)
            try (EchoLoad load = EchoLoad.connect(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"),
                    Integer.parseInt(opt.get("attach"))), ints(opt.get("conns"))[0], ints(opt.get("sizes"))[0],
                    ints(opt.get("depths"))[0])) {
                double seconds = Double.parseDouble(opt.get("measure"));
                long msgs = load.runFor((long) (seconds * 1e9));
                System.out.printf("%,.0f msgs/s%n", msgs / seconds);
            }
            return;
        }
        List<String> kinds = List.of(opt.get("kinds").split(","));
        long warm = Duration.ofMillis((long) (1000 * Double.parseDouble(opt.get("warmup")))).toNanos();
        long measure = Duration.ofMillis((long) (1000 * Double.parseDouble(opt.get("measure")))).toNanos();
        int rounds = Integer.parseInt(opt.get("rounds"));
        String cpu = opt.get("cpu").equals("none") ? null : opt.get("cpu");
        System.out.println("| size | conns | depth | server | msgs/s | server CPU/msg | Shrapnel's CPU/msg ÷ this one's, per round: median (min–max) |");
        System.out.println("|---|---|---|---|---|---|---|");
        List<String> summary = new ArrayList<>();
        for (int size : ints(opt.get("sizes"))) {
            for (int conns : ints(opt.get("conns"))) {
                for (int depth : ints(opt.get("depths"))) {
                    // Rounds interleave the kinds (round 1 of every kind, then round 2...), and each
                    // ratio is taken within a round, so a drift of the machine over the minutes a cell
                    // takes moves both sides of a ratio instead of one.
                    Map<String, List<Cell>> byKind = new LinkedHashMap<>();
                    for (int r = 0; r < rounds; r++) {
                        for (String kind : kinds) {
                            byKind.computeIfAbsent(kind, k -> new ArrayList<>())
                                    .add(run(kind, size, conns, depth, warm, measure, cpu));
                        }
                    }
                    List<Cell> base = byKind.getOrDefault("shrapnel", byKind.values().iterator().next());
                    StringBuilder line = new StringBuilder("| %d | %d | %d |".formatted(size, conns, depth));
                    for (Map.Entry<String, List<Cell>> e : byKind.entrySet()) {
                        Cell m = median(e.getValue());
                        String ratio = ratios(base, e.getValue());
                        System.out.printf("| %d | %d | %d | %s | %,.0f | %.2f µs | %s |%n", size, conns, depth,
                                e.getKey(), m.msgsPerSec(), m.cpuNanosPerMsg() / 1000, ratio);
                        if (e.getValue() != base) {
                            line.append(' ').append(ratio).append(" |");
                        }
                    }
                    summary.add(line.toString());
                    System.out.flush();
                }
            }
        }
        System.out.println();
        StringBuilder head = new StringBuilder("| size | conns | depth |");
        StringBuilder rule = new StringBuilder("|---|---|---|");
        for (String kind : kinds) {
            if (!kind.equals("shrapnel")) {
                head.append(" ÷ ").append(kind).append(" |");
                rule.append("---|");
            }
        }
        System.out.println("Shrapnel's server CPU per message ÷ each peer's, within each round: median (min–max)");
        System.out.println(head);
        System.out.println(rule);
        summary.forEach(System.out::println);
    }

    /** The round with the median server CPU per message. */
    private static Cell median(List<Cell> runs) {
        List<Cell> sorted = new ArrayList<>(runs);
        sorted.sort((a, b) -> Double.compare(a.cpuNanosPerMsg(), b.cpuNanosPerMsg()));
        return sorted.get(sorted.size() / 2);
    }

    /** {@code base}'s CPU per message over {@code other}'s, round by round: "median (min–max)". */
    static String ratios(List<Cell> base, List<Cell> other) {
        double[] r = new double[base.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = base.get(i).cpuNanosPerMsg() / other.get(i).cpuNanosPerMsg();
        }
        Arrays.sort(r);
        return r.length == 1 ? "%.2f".formatted(r[0])
                : "%.2f (%.2f–%.2f)".formatted(r[r.length / 2], r[0], r[r.length - 1]);
    }

    /**
     * Connections served (and closed) in a round's warm-up, at least: a server's per-connection code
     * (the lambda that starts a session, the session itself) is compiled after a few hundred
     * connections, not after the first hundred.
     */
    static final int WARM_UP_SESSIONS = 2_000;

    /**
     * One round against a fresh server: a warm-up on connections of its own, in batches of the cell's
     * connection count until {@link #WARM_UP_SESSIONS} have been served, all closed before the
     * measured connections open, then a short settle, then the measured window. Why: no peer should
     * serve the measured connections from code still being compiled. A thread or coro whose first
     * frames ran interpreted keeps them for as long as it lives, and the JDK then freezes and thaws
     * its stack on its slow path at every switch; with a warm-up of only the cell's own 100
     * connections, the measured connections' session lambdas were still interpreted.
     */
    static Cell run(String kind, int size, int conns, int depth, long warm, long measure, String cpu) throws Exception {
        try (ServerProcess server = ServerProcess.start(kind, cpu, "1g")) {
            InetSocketAddress address = new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), server.port());
            int batches = Math.max(1, (WARM_UP_SESSIONS + conns - 1) / conns);
            for (int b = 0; b < batches; b++) {
                try (EchoLoad warmUp = EchoLoad.connect(address, conns, size, depth)) {
                    warmUp.runFor(warm / batches);
                }
            }
            return measured(server, address, kind, size, conns, depth, Math.max(warm / 4, 1), measure);
        }
    }

    private static Cell measured(ServerProcess server, InetSocketAddress address, String kind, int size, int conns,
                                 int depth, long settle, long measure) throws Exception {
        try (EchoLoad load = EchoLoad.connect(address, conns, size, depth)) {
            load.runFor(settle);
            long cpu0 = server.cpuNanos();
            long t0 = System.nanoTime();
            long msgs = load.runFor(measure);
            long t1 = System.nanoTime();
            long cpu1 = server.cpuNanos();
            return new Cell(kind, size, conns, depth, msgs * 1e9 / (t1 - t0), (double) (cpu1 - cpu0) / Math.max(1, msgs));
        }
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
    }
}
