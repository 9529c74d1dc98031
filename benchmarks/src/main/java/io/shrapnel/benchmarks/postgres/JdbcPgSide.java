package io.shrapnel.benchmarks.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * pgjdbc 42.7 with its defaults on plain virtual threads, one per client: PreparedStatement (server
 * prepared after pgjdbc's prepareThreshold of 5 uses), addBatch/executeBatch in a transaction, a
 * fetch size of 1,000 in a transaction for the stream (without it pgjdbc holds every row).
 *
 * <p>Threading: each client is its own virtual thread; the main thread waits for them.
 */
final class JdbcPgSide implements PgBenchSide {
    private final String url;

    JdbcPgSide(int port) {
        this.url = "jdbc:postgresql://127.0.0.1:" + port + "/testdb?user=test&password=test&sslmode=disable";
    }

    @Override
    public String name() {
        return "pgjdbc";
    }

    @Override
    public Measured pointSelects(int clients, long warmNanos, long measureNanos) throws Exception {
        List<Connection> conns = new ArrayList<>();
        try {
            while (conns.size() < clients) {
                conns.add(DriverManager.getConnection(url));
            }
            return PgBenchSide.warmThenMeasure(nanos -> run(conns, nanos), warmNanos, measureNanos);
        } finally {
            for (Connection c : conns) {
                c.close();
            }
        }
    }

    /**
     * The {@code clients} virtual threads sharing {@code poolSize} connections: each borrows one from
     * a queue for a query and gives it back (what a pool such as HikariCP does, without its extras).
     */
    PgBenchSide.Measured pooledPointSelects(int clients, int poolSize, long warmNanos, long measureNanos) throws Exception {
        java.util.concurrent.BlockingQueue<Connection> pool = new java.util.concurrent.ArrayBlockingQueue<>(poolSize);
        try {
            while (pool.size() < poolSize) {
                pool.add(DriverManager.getConnection(url));
            }
            return PgBenchSide.warmThenMeasure(nanos -> runPooled(pool, clients, nanos), warmNanos, measureNanos);
        } finally {
            for (Connection c : pool) {
                c.close();
            }
        }
    }

    private static long runPooled(java.util.concurrent.BlockingQueue<Connection> pool, int clients, long nanos)
            throws Exception {
        return onThreads(clients, nanos, (i, deadline) -> {
            long ops = 0;
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            while (System.nanoTime() < deadline) {
                Connection c = pool.take();
                try (PreparedStatement ps = c.prepareStatement(SELECT_BY_ID)) {
                    selectOne(ps, rnd);
                } finally {
                    pool.put(c);
                }
                ops++;
            }
            return ops;
        });
    }

    private static long run(List<Connection> conns, long nanos) throws Exception {
        return onThreads(conns.size(), nanos, (i, deadline) -> {
            long ops = 0;
            try (PreparedStatement ps = conns.get(i).prepareStatement(SELECT_BY_ID)) {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (System.nanoTime() < deadline) {
                    selectOne(ps, rnd);
                    ops++;
                }
            }
            return ops;
        });
    }

    private static final String SELECT_BY_ID = "select id, name, v from bench where id = ?";

    /** One point select of a random row, checked. */
    private static void selectOne(PreparedStatement ps, ThreadLocalRandom rnd) throws Exception {
        ps.setInt(1, 1 + rnd.nextInt(TABLE_ROWS));
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next() || rs.getInt(1) < 1) {
                throw new IllegalStateException("bad row");
            }
        }
    }

    /** One client's loop until the deadline: its operations. */
    @FunctionalInterface
    private interface Client {
        long run(int index, long deadline) throws Exception;
    }

    /** Runs {@code n} clients on virtual threads for {@code nanos}; the operations of all. */
    private static long onThreads(int n, long nanos, Client client) throws Exception {
        long deadline = System.nanoTime() + nanos;
        AtomicLong total = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int me = i;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    total.addAndGet(client.run(me, deadline));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return total.get();
    }

    @Override
    public Measured batchInsert(int rows, int times, long minNanos) throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            c.createStatement().execute("truncate bench_insert");
            c.setAutoCommit(false);
            Window w = new Window();
            long start = System.nanoTime();
            int t = 0;
            try (PreparedStatement ps = c.prepareStatement("insert into bench_insert values (?, ?, ?)")) {
                for (; t < times || System.nanoTime() - start < minNanos; t++) {
                    for (int i = 0; i < rows; i++) {
                        ps.setInt(1, t * rows + i);
                        ps.setString(2, "name-" + i);
                        ps.setInt(3, i);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                    c.commit();
                }
            }
            return w.stop((long) rows * t);
        }
    }

    @Override
    public Measured stream(int rows) throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            Window w = new Window();
            long n = 0;
            try (PreparedStatement ps = c.prepareStatement(
                    "select g, 'name-' || g, g * 3 from generate_series(1, ?) g")) {
                ps.setFetchSize(1000);
                ps.setInt(1, rows);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        n += rs.getLong(1) > 0 ? 1 : 0;
                    }
                }
            }
            c.commit();
            return w.stop(n);
        }
    }

    @Override
    public long bytesPerIdleConnection(int n) throws Exception {
        long before = PgBenchSide.usedHeapAfterGc();
        List<Connection> conns = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Connection c = DriverManager.getConnection(url);
            try (var st = c.createStatement()) {
                st.executeQuery("select 1").close();
            }
            conns.add(c);
        }
        long after = PgBenchSide.usedHeapAfterGc();
        for (Connection c : conns) {
            c.close();
        }
        return (after - before) / n;
    }

    @Override
    public void close() {}
}
