package io.shrapnel.benchmarks.postgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shrapnel's PostgreSQL client beside pgjdbc on plain virtual threads, same JVM, same run, same
 * server (a fresh PostgreSQL started here with servers/postgres.sh on 127.0.0.1, unless
 * {@code port=} names a running one with user test/test and database testdb): point selects with
 * 1/16/64 clients, 1,000-row batch inserts ({@code batches} of them, and on for {@code seconds}),
 * a 100,000-row stream, and heap per idle pooled
 * connection. Prints a Markdown table: throughput, this process's CPU per operation, and the
 * Shrapnel ÷ pgjdbc ratios within each round (median over rounds). {@code loops=1,2} (the default)
 * runs Shrapnel's point selects once on one loop and once spread over two loops (one per core, as
 * pgjdbc's virtual threads use every carrier); pgjdbc's figure stands beside both. {@code pooled=16,2}
 * (the default; empty for none) adds, for each pool size below a client count, both sides' clients
 * sharing that many connections: Shrapnel's through a {@code PgPool} per loop (the connections split
 * between the loops), pgjdbc's virtual threads taking connections from a queue. The small pool is
 * there because it is how an event loop gets the most out of PostgreSQL: a few connections kept busy
 * keep their server processes hot in the caches (benchmarks/results/postgres.md, "64 clients").
 *
 * <pre>
 * java --add-opens java.base/java.lang=ALL-UNNAMED -cp benchmarks.jar \
 *     io.shrapnel.benchmarks.postgres.PgClientBench clients=1,16,64 seconds=2 rounds=3
 * </pre>
 */
public final class PgClientBench {
    private PgClientBench() {}

    private record Result(String workload, int round, String side, PgBenchSide.Measured m) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>(Map.of("clients", "1,16,64", "seconds", "2", "warmup", "1",
                "rounds", "3", "batch", "1000", "batches", "20", "stream", "100000", "port", "", "idle", "50"));
        opt.put("loops", "1,2");
        opt.put("pooled", "16,2");
        options(opt, args);
        try (BenchServer server = BenchServer.startUnless(opt.get("port"))) {
            prepare(server.port());
            run(opt, server.port());
        }
    }

    /** Sets each {@code key=value} of {@code args} in {@code opt}, whose keys are the known options. */
    static Map<String, String> options(Map<String, String> opt, String[] args) {
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0 || !opt.containsKey(a.substring(0, eq))) {
                throw new IllegalArgumentException("unknown option " + a + "; known: " + opt.keySet());
            }
            opt.put(a.substring(0, eq), a.substring(eq + 1));
        }
        return opt;
    }

    /** The server to measure against: one started here for the run (and removed after), or a given port. */
    record BenchServer(int port, Path dir) implements AutoCloseable {
        static BenchServer startUnless(String givenPort) throws Exception {
            if (!givenPort.isEmpty()) {
                return new BenchServer(Integer.parseInt(givenPort), null);
            }
            BenchServer s = new BenchServer(25420, Files.createTempDirectory("pg-bench"));
            script("start", s.dir().resolve("pg").toString(), String.valueOf(s.port()));
            return s;
        }

        @Override
        public void close() throws Exception {
            if (dir != null) {
                script("stop", dir.resolve("pg").toString());
                Files.deleteIfExists(dir);
            }
        }
    }

    private static void run(Map<String, String> opt, int port) throws Exception {
        long warm = (long) (Double.parseDouble(opt.get("warmup")) * 1e9);
        long measure = (long) (Double.parseDouble(opt.get("seconds")) * 1e9);
        int rounds = Integer.parseInt(opt.get("rounds"));
        int batch = Integer.parseInt(opt.get("batch"));
        int batches = Integer.parseInt(opt.get("batches"));
        int stream = Integer.parseInt(opt.get("stream"));
        List<Result> results = new ArrayList<>();
        List<Integer> poolSizes = opt.get("pooled").isEmpty() ? List.of()
                : java.util.Arrays.stream(opt.get("pooled").split(",")).map(Integer::parseInt).toList();
        List<Integer> loopCounts = java.util.Arrays.stream(opt.get("loops").split(",")).map(Integer::parseInt).toList();
        try (ShrapnelPgSide shrapnel = new ShrapnelPgSide(port); PgBenchSide jdbc = new JdbcPgSide(port)) {
            List<PgBenchSide> sides = List.of(shrapnel, jdbc);
            for (PgBenchSide side : sides) { // discarded: the JIT compiles both paths first
                side.pointSelects(16, warm, warm);
                side.batchInsert(batch, batches, warm);
                side.stream(stream);
            }
            for (int round = 0; round < rounds; round++) {
                for (PgBenchSide side : round % 2 == 0 ? sides : sides.reversed()) {
                    for (String c : opt.get("clients").split(",")) {
                        int n = Integer.parseInt(c);
                        if (side != shrapnel) { // pgjdbc has no loops: its one figure stands beside each of ours
                            PgBenchSide.Measured m = side.pointSelects(n, warm, measure);
                            for (int l : loopCounts) {
                                if (l <= n) {
                                    results.add(new Result(pointSelect(n, l), round, side.name(), m));
                                }
                            }
                            for (int pooled : poolSizes) {
                                if (pooled < n) { // the same clients through a pool of its own
                                    PgBenchSide.Measured p = ((JdbcPgSide) side).pooledPointSelects(n, pooled, warm, measure);
                                    for (int l : loopCounts) {
                                        if (l <= pooled) {
                                            results.add(new Result(pooledSelect(n, pooled, l), round, side.name(), p));
                                        }
                                    }
                                }
                            }
                            continue;
                        }
                        for (int pooled : poolSizes) {
                            if (pooled < n) {
                                for (int l : loopCounts) {
                                    if (l <= pooled) {
                                        results.add(new Result(pooledSelect(n, pooled, l), round, side.name(),
                                                shrapnel.pooledPointSelects(n, pooled, l, warm, measure)));
                                    }
                                }
                            }
                        }
                        for (int l : loopCounts) {
                            if (l <= n) { // more loops than clients would leave loops idle
                                results.add(new Result(pointSelect(n, l), round, side.name(),
                                        shrapnel.pointSelects(n, l, warm, measure)));
                            }
                        }
                    }
                    results.add(new Result("batch insert " + batch, round, side.name(), side.batchInsert(batch, batches, measure)));
                    results.add(new Result("stream " + stream + " rows", round, side.name(), side.stream(stream)));
                }
            }
            int idle = Integer.parseInt(opt.get("idle"));
            System.out.printf("heap per idle pooled connection (%d open): shrapnel %,d B, pgjdbc %,d B%n", idle,
                    shrapnel.bytesPerIdleConnection(idle), jdbc.bytesPerIdleConnection(idle));
        }
        print(results, rounds);
    }

    private static String pooledSelect(int clients, int poolSize, int loops) {
        return "point select x" + clients + " through a pool of " + poolSize + " (both sides)"
                + (loops == 1 ? "" : ", shrapnel on " + loops + " loops");
    }

    private static String pointSelect(int clients, int loops) {
        return "point select x" + clients + (loops == 1 ? "" : ", shrapnel on " + loops + " loops");
    }

    private static void print(List<Result> results, int rounds) {
        System.out.println("| workload | side | ops/s (median) | client CPU µs/op (median) | allocated B/op (median) "
                + "| CPU/op shrapnel ÷ pgjdbc: median (min–max) | ops/s shrapnel ÷ pgjdbc (median) | B/op shrapnel ÷ pgjdbc |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        List<String> workloads = results.stream().map(Result::workload).distinct().toList();
        for (String w : workloads) {
            List<Double> cpuRatios = new ArrayList<>();
            List<Double> tputRatios = new ArrayList<>();
            List<Double> allocRatios = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                PgBenchSide.Measured s = find(results, w, r, "shrapnel");
                PgBenchSide.Measured j = find(results, w, r, "pgjdbc");
                cpuRatios.add(s.cpuMicrosPerOp() / j.cpuMicrosPerOp());
                tputRatios.add(s.opsPerSecond() / j.opsPerSecond());
                allocRatios.add(s.bytesPerOp() / Math.max(1e-9, j.bytesPerOp()));
            }
            for (String side : List.of("shrapnel", "pgjdbc")) {
                List<PgBenchSide.Measured> ms = results.stream()
                        .filter(x -> x.workload().equals(w) && x.side().equals(side)).map(Result::m).toList();
                String ratios = side.equals("shrapnel")
                        ? String.format("| %.2f (%.2f–%.2f) | %.2f | %.2f |", median(cpuRatios),
                                cpuRatios.stream().mapToDouble(d -> d).min().orElse(0),
                                cpuRatios.stream().mapToDouble(d -> d).max().orElse(0), median(tputRatios),
                                median(allocRatios))
                        : "| | | |";
                System.out.printf("| %s | %s | %,.0f | %.2f | %,.0f %s%n", w, side,
                        median(ms.stream().map(PgBenchSide.Measured::opsPerSecond).toList()),
                        median(ms.stream().map(PgBenchSide.Measured::cpuMicrosPerOp).toList()),
                        median(ms.stream().map(PgBenchSide.Measured::bytesPerOp).toList()), ratios);
            }
        }
    }

    private static PgBenchSide.Measured find(List<Result> results, String w, int round, String side) {
        return results.stream().filter(x -> x.workload().equals(w) && x.round() == round && x.side().equals(side))
                .findFirst().orElseThrow().m();
    }

    private static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        return s.isEmpty() ? 0 : s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    }

    static void prepare(int port) throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/testdb?user=test&password=test";
        try (Connection c = DriverManager.getConnection(url); var st = c.createStatement()) {
            st.execute("drop table if exists bench; drop table if exists bench_insert");
            st.execute("create table bench(id int primary key, name text not null, v int not null)");
            st.execute("insert into bench select g, 'name-' || g, g * 7 from generate_series(1, "
                    + PgBenchSide.TABLE_ROWS + ") g");
            st.execute("create unlogged table bench_insert(id int, name text, v int)");
            st.execute("analyze bench");
        }
    }

    private static void script(String... args) throws Exception {
        Path s = null;
        for (Path p = Path.of("").toAbsolutePath(); p != null && s == null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("servers/postgres.sh"))) {
                s = p.resolve("servers/postgres.sh");
            }
        }
        if (s == null) {
            throw new IllegalStateException("run from the project (servers/postgres.sh not found), or pass port=");
        }
        List<String> cmd = new ArrayList<>(List.of(s.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().put("SERVER_OWNER_PID", Long.toString(ProcessHandle.current().pid())); // stopped even if we are killed
        Process p = pb.start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(cmd + " failed");
        }
    }
}
