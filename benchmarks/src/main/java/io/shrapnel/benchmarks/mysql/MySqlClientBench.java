package io.shrapnel.benchmarks.mysql;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Shrapnel's MySQL client beside MariaDB Connector/J on plain virtual threads, in one JVM and one
 * run, against a real MariaDB (started here with servers/mariadb.sh unless {@code port=} names one
 * already running with user test/test and database testdb): point selects with 1/16/64 clients,
 * a batch insert, a 100,000-row stream. Reports throughput and the client's CPU per operation
 * (this JVM's process CPU; the server is another process) and Shrapnel's figures over Connector/J's.
 * The sides alternate within each round; the ratio is taken per round, the median reported.
 *
 * <pre>
 * java -cp benchmarks.jar io.shrapnel.benchmarks.mysql.MySqlClientBench clients=1,16,64 warmup=2 measure=3 rounds=3
 * </pre>
 *
 * <p>Threading: the main thread drives; each side runs its clients on its own threads.
 */
public final class MySqlClientBench {
    private MySqlClientBench() {}

    record Row(String workload, String side, ClientSide.Measured m) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>(Map.of("clients", "1,16,64", "warmup", "2", "measure", "3",
                "rounds", "3", "batch", "10000", "batches", "10", "stream", "100000", "port", "", "serverPort", "23390"));
        for (String a : args) {
            opt.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        Path dir = null;
        int port;
        if (opt.get("port").isEmpty()) {
            dir = Files.createTempDirectory("mysql-bench");
            port = Integer.parseInt(opt.get("serverPort"));
            script("start", dir.resolve("db").toString(), Integer.toString(port));
        } else {
            port = Integer.parseInt(opt.get("port"));
        }
        try {
            prepare(port);
            run(opt, port);
        } finally {
            if (dir != null) {
                script("stop", dir.resolve("db").toString());
                Files.deleteIfExists(dir);
            }
        }
    }

    private static void run(Map<String, String> opt, int port) throws Exception {
        long warm = (long) (Double.parseDouble(opt.get("warmup")) * 1e9);
        long measure = (long) (Double.parseDouble(opt.get("measure")) * 1e9);
        int rounds = Integer.parseInt(opt.get("rounds"));
        int batch = Integer.parseInt(opt.get("batch"));
        int batches = Integer.parseInt(opt.get("batches"));
        int stream = Integer.parseInt(opt.get("stream"));
        List<Row> rows = new ArrayList<>();
        try (ClientSide shrapnel = new ShrapnelSide(port); ClientSide jdbc = new JdbcSide(port)) {
            // a discarded round first: the JIT compiles both clients' paths before anything counts, so
            // no measured coro or thread starts its life in interpreted frames (see the root README)
            for (ClientSide side : List.of(shrapnel, jdbc)) {
                side.pointSelect(16, warm, warm);
                side.batchInsert(batch);
                side.stream(stream);
            }
            for (int round = 0; round < rounds; round++) {
                for (ClientSide side : List.of(shrapnel, jdbc)) {
                    for (String c : opt.get("clients").split(",")) {
                        int clients = Integer.parseInt(c);
                        rows.add(new Row("point select x" + clients, side.name(), side.pointSelect(clients, warm, measure)));
                    }
                    side.batchInsert(batch); // warm-up of the batch path
                    rows.add(new Row("batch insert " + batch + " (x" + batches + ")", side.name(), batches(side, batch, batches)));
                    side.stream(stream); // warm-up of the stream path
                    rows.add(new Row("stream " + stream + " rows", side.name(), side.stream(stream)));
                }
            }
        }
        report(rows, rounds);
    }

    /**
     * {@code n} batches, their measured windows added up: one batch costs a few 10 ms ticks of the
     * process CPU clock, too coarse alone.
     */
    private static ClientSide.Measured batches(ClientSide side, int rows, int n) throws Exception {
        long ops = 0;
        long wall = 0;
        long cpu = 0;
        for (int i = 0; i < n; i++) {
            ClientSide.Measured m = side.batchInsert(rows);
            ops += m.ops();
            wall += m.wallNanos();
            cpu += m.cpuNanos();
        }
        return new ClientSide.Measured(ops, wall, cpu);
    }

    private static void report(List<Row> rows, int rounds) {
        System.out.println("| workload | side | ops/s (median) | client CPU µs/op (median) | Shrapnel ÷ Connector/J CPU/op: median (min–max) | throughput ratio (median) |");
        System.out.println("|---|---|---|---|---|---|");
        List<String> workloads = rows.stream().map(Row::workload).distinct().toList();
        for (String w : workloads) {
            List<ClientSide.Measured> s = pick(rows, w, "shrapnel");
            List<ClientSide.Measured> j = pick(rows, w, "connector-j");
            List<Double> cpuRatio = new ArrayList<>();
            List<Double> tputRatio = new ArrayList<>();
            for (int i = 0; i < Math.min(s.size(), j.size()); i++) {
                cpuRatio.add(s.get(i).cpuMicrosPerOp() / j.get(i).cpuMicrosPerOp());
                tputRatio.add(s.get(i).opsPerSecond() / j.get(i).opsPerSecond());
            }
            System.out.printf("| %s | shrapnel | %,.0f | %.2f | %.2f (%.2f–%.2f) | %.2f |%n", w,
                    median(s.stream().map(ClientSide.Measured::opsPerSecond).toList()),
                    median(s.stream().map(ClientSide.Measured::cpuMicrosPerOp).toList()),
                    median(cpuRatio), cpuRatio.stream().mapToDouble(d -> d).min().orElse(0),
                    cpuRatio.stream().mapToDouble(d -> d).max().orElse(0), median(tputRatio));
            System.out.printf("| %s | connector-j | %,.0f | %.2f | | |%n", w,
                    median(j.stream().map(ClientSide.Measured::opsPerSecond).toList()),
                    median(j.stream().map(ClientSide.Measured::cpuMicrosPerOp).toList()));
        }
        System.out.println("(" + rounds + " round(s); JDK " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors() + " CPUs)");
    }

    private static List<ClientSide.Measured> pick(List<Row> rows, String workload, String side) {
        return rows.stream().filter(r -> r.workload().equals(workload) && r.side().equals(side)).map(Row::m).toList();
    }

    private static double median(List<Double> xs) {
        List<Double> sorted = xs.stream().sorted().toList();
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }

    /** The bench tables: 10,000 rows to select by primary key, an empty one to insert into. */
    private static void prepare(int port) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/testdb?user=test&password=test");
             Statement s = db.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS bench (id INT PRIMARY KEY, name VARCHAR(32), v INT) ENGINE=InnoDB");
            s.execute("CREATE TABLE IF NOT EXISTS bench_insert (id INT PRIMARY KEY, name VARCHAR(32), v INT) ENGINE=InnoDB");
            s.execute("TRUNCATE bench");
            s.execute("INSERT INTO bench SELECT seq, CONCAT('name-', seq), seq * 3 FROM seq_1_to_10000");
        }
    }

    private static void script(String... args) throws Exception {
        Path script = null;
        for (Path d = Path.of("").toAbsolutePath(); d != null && script == null; d = d.getParent()) {
            if (Files.isExecutable(d.resolve("servers/mariadb.sh"))) {
                script = d.resolve("servers/mariadb.sh");
            }
        }
        if (script == null) {
            throw new IllegalStateException("servers/mariadb.sh not found above " + Path.of("").toAbsolutePath()
                    + "; run from the checkout, or pass port=<a running MariaDB>");
        }
        List<String> cmd = new ArrayList<>(List.of(script.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().put("SERVER_OWNER_PID", Long.toString(ProcessHandle.current().pid())); // stopped even if we are killed
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("servers/mariadb.sh " + String.join(" ", args) + " failed");
        }
    }
}
