package io.shrapnel.benchmarks.postgres;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the <em>server</em> spends per query for each client: point selects by one side alone (as in
 * {@link PgClientBench}), while the PostgreSQL processes' CPU time, their context switches and the
 * machine's idle time are read from {@code /proc} over the middle of the measured stretch. Linux only
 * (it reads {@code /proc/<pid>/stat} and {@code status} of every process named {@code postgres*}, and
 * assumes the usual 100 clock ticks a second).
 *
 * <p>Why: at 64 clients on 64 connections the two clients' own CPU per query is about the same, yet
 * pgjdbc gets far more queries a second out of the same two cores; this shows where the difference
 * goes. Run alone (one side per JVM, nothing else on the machine):
 *
 * <pre>benchmarks/run-sql.sh io.shrapnel.benchmarks.postgres.PgServerCost side=shrapnel clients=64 loops=1 rounds=2
 * benchmarks/run-sql.sh io.shrapnel.benchmarks.postgres.PgServerCost side=pgjdbc clients=64 rounds=2
 * benchmarks/run-sql.sh io.shrapnel.benchmarks.postgres.PgServerCost side=shrapnel clients=64 loops=2 pooled=2</pre>
 *
 * <p>{@code pooled=N}: the clients share N connections (Shrapnel: a pool per loop, split between
 * the loops; pgjdbc: a queue of connections), as in {@link PgClientBench}'s pooled rows.
 *
 * <p>With {@code port=N} it uses a server already running there (servers/postgres.sh start DIR N);
 * without, it starts one on 127.0.0.1:25420 and removes it after.
 */
public final class PgServerCost {
    private static final double TICK_MICROS = 10_000; // USER_HZ 100

    private PgServerCost() {}

    /** The server processes' CPU ticks (all, user) and context switches (voluntary, preempted). */
    record ServerSample(long ticks, long userTicks, long voluntary, long preempted, long machineIdle, long machineAll) {
        static ServerSample now() throws IOException {
            long ticks = 0;
            long user = 0;
            long voluntary = 0;
            long preempted = 0;
            try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName()
                    .toString().chars().allMatch(Character::isDigit))) {
                for (Path p : procs) {
                    try {
                        if (!Files.readString(p.resolve("comm")).startsWith("postgres")) {
                            continue;
                        }
                        String stat = Files.readString(p.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        user += Long.parseLong(f[11]);
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                        for (String line : Files.readAllLines(p.resolve("status"))) {
                            if (line.startsWith("voluntary_ctxt_switches:")) {
                                voluntary += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                            } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                                preempted += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                            }
                        }
                    } catch (IOException | RuntimeException gone) {
                        // a process that ended meanwhile
                    }
                }
            }
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long all = 0;
            for (int i = 1; i < cpu.length; i++) {
                all += Long.parseLong(cpu[i]);
            }
            return new ServerSample(ticks, user, voluntary, preempted, Long.parseLong(cpu[4]), all);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = PgClientBench.options(new HashMap<>(Map.of("side", "shrapnel", "clients", "64",
                "loops", "1", "seconds", "5", "warmup", "3", "rounds", "2", "port", "", "pooled", "0")), args);
        String side = opt.get("side");
        if (!List.of("shrapnel", "pgjdbc").contains(side)) {
            throw new IllegalArgumentException("side=shrapnel or side=pgjdbc");
        }
        int clients = Integer.parseInt(opt.get("clients"));
        int loops = Integer.parseInt(opt.get("loops"));
        int pooled = Integer.parseInt(opt.get("pooled"));
        long warm = (long) (Double.parseDouble(opt.get("warmup")) * 1e9);
        long measure = (long) (Double.parseDouble(opt.get("seconds")) * 1e9);
        if (measure < 3_000_000_000L) {
            throw new IllegalArgumentException("seconds must be at least 3: the server is sampled inside the measured stretch");
        }
        try (PgClientBench.BenchServer server = PgClientBench.BenchServer.startUnless(opt.get("port"))) {
            PgClientBench.prepare(server.port());
            try (ShrapnelPgSide shrapnel = new ShrapnelPgSide(server.port()); JdbcPgSide jdbc = new JdbcPgSide(server.port())) {
                for (int r = 0; r < Integer.parseInt(opt.get("rounds")); r++) {
                    // The server is read from a second into the measured stretch to a second before its end.
                    long from = (warm + 1_000_000_000L) / 1_000_000;
                    long window = (measure - 2_000_000_000L) / 1_000_000;
                    ServerSample[] samples = new ServerSample[2];
                    Thread sampler = Thread.ofPlatform().name("server-sampler").start(() -> {
                        try {
                            Thread.sleep(from);
                            samples[0] = ServerSample.now();
                            Thread.sleep(window);
                            samples[1] = ServerSample.now();
                        } catch (InterruptedException | IOException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    PgBenchSide.Measured m;
                    if (pooled > 0) {
                        m = side.equals("shrapnel") ? shrapnel.pooledPointSelects(clients, pooled, loops, warm, measure)
                                : jdbc.pooledPointSelects(clients, pooled, warm, measure);
                    } else {
                        m = side.equals("shrapnel") ? shrapnel.pointSelects(clients, loops, warm, measure)
                                : jdbc.pointSelects(clients, warm, measure);
                    }
                    sampler.join();
                    double queries = m.opsPerSecond() * window / 1e3; // in the sampled window, at the measured rate
                    ServerSample a = samples[0];
                    ServerSample b = samples[1];
                    System.out.printf("%s, %d clients%s%s: %,.0f queries/s; client CPU %.2f µs/query; server CPU %.2f µs/query"
                                    + " (user %.2f); server context switches per query: %.2f voluntary, %.2f preempted;"
                                    + " machine idle %.1f%%%n",
                            side, clients, pooled > 0 ? " through " + pooled + " connections" : "",
                            side.equals("shrapnel") ? ", " + loops + " loop(s)" : "", m.opsPerSecond(),
                            m.cpuMicrosPerOp(), (b.ticks() - a.ticks()) * TICK_MICROS / queries,
                            (b.userTicks() - a.userTicks()) * TICK_MICROS / queries,
                            (b.voluntary() - a.voluntary()) / queries, (b.preempted() - a.preempted()) / queries,
                            100.0 * (b.machineIdle() - a.machineIdle()) / (b.machineAll() - a.machineAll()));
                }
            }
        }
    }
}
