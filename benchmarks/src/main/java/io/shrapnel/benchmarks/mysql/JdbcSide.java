package io.shrapnel.benchmarks.mysql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** MariaDB Connector/J (its defaults) with one plain virtual thread per client. */
final class JdbcSide implements ClientSide {
    private final String url;

    JdbcSide(int port) {
        url = "jdbc:mariadb://127.0.0.1:" + port + "/testdb?user=test&password=test";
    }

    @Override
    public String name() {
        return "connector-j";
    }

    @Override
    public Measured pointSelect(int clients, long warmNanos, long measureNanos) throws Exception {
        Window w = new Window();
        List<Thread> threads = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        for (int c = 0; c < clients; c++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try (Connection db = DriverManager.getConnection(url);
                     PreparedStatement ps = db.prepareStatement(POINT_SELECT)) {
                    while (w.running()) {
                        int id = 1 + ThreadLocalRandom.current().nextInt(10_000);
                        ps.setInt(1, id);
                        try (ResultSet rs = ps.executeQuery()) {
                            if (!rs.next() || rs.getInt(1) != id) {
                                throw new AssertionError("wrong row");
                            }
                        }
                        w.done();
                    }
                } catch (Throwable t) {
                    failure[0] = t;
                }
            }));
        }
        Measured m = w.measure(warmNanos, measureNanos);
        for (Thread t : threads) {
            t.join();
        }
        if (failure[0] != null) {
            throw new IllegalStateException("a JDBC client failed", failure[0]);
        }
        return m;
    }

    private interface VirtualCall {
        Measured call() throws Exception;
    }

    /** Runs the body on a plain virtual thread (like the point selects) and waits for it. */
    private static Measured onVirtualThread(VirtualCall body) throws Exception {
        Measured[] out = new Measured[1];
        Exception[] failure = new Exception[1];
        Thread.ofVirtual().start(() -> {
            try {
                out[0] = body.call();
            } catch (Exception e) {
                failure[0] = e;
            }
        }).join();
        if (failure[0] != null) {
            throw failure[0];
        }
        return out[0];
    }

    @Override
    public Measured batchInsert(int rows) throws Exception {
        return onVirtualThread(() -> {
            try (Connection db = DriverManager.getConnection(url)) {
                try (Statement s = db.createStatement()) {
                    s.execute("TRUNCATE bench_insert");
                }
                try (PreparedStatement ps = db.prepareStatement(INSERT)) {
                    long cpu0 = Cpu.processNanos();
                    long t0 = System.nanoTime();
                    for (int i = 0; i < rows; i++) {
                        ps.setInt(1, i);
                        ps.setString(2, "name-" + i);
                        ps.setInt(3, i * 3);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                    return new Measured(rows, System.nanoTime() - t0, Cpu.processNanos() - cpu0);
                }
            }
        });
    }

    @Override
    public Measured stream(int rows) throws Exception {
        return onVirtualThread(() -> {
            try (Connection db = DriverManager.getConnection(url); Statement s = db.createStatement()) {
                s.setFetchSize(1000); // Connector/J streams only with a fetch size; otherwise it buffers all rows
                long sum = 0;
                long cpu0 = Cpu.processNanos();
                long t0 = System.nanoTime();
                try (ResultSet rs = s.executeQuery(ClientSide.streamSql(rows))) {
                    while (rs.next()) {
                        sum += rs.getLong(1) + rs.getString(2).length();
                    }
                }
                Measured m = new Measured(rows, System.nanoTime() - t0, Cpu.processNanos() - cpu0);
                if (sum == 0) {
                    throw new AssertionError("no rows");
                }
                return m;
            }
        });
    }

    @Override
    public void close() {}
}
