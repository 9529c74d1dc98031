package io.shrapnel.benchmarks.mysql;

import io.shrapnel.codecs.mysql.MySqlConfig;
import io.shrapnel.codecs.mysql.MySqlConnection;
import io.shrapnel.kernel.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/** Shrapnel's MySQL client: every client is a coro on one event loop (one platform thread). */
final class ShrapnelSide implements ClientSide {
    private final MySqlConfig config;
    private final Scheduler loop = Scheduler.create("mysql-bench").start();

    ShrapnelSide(int port) {
        config = MySqlConfig.builder().host("127.0.0.1").port(port).user("test").password("test").database("testdb").build();
    }

    @Override
    public String name() {
        return "shrapnel";
    }

    private interface CoroCall<T> {
        T call() throws Exception;
    }

    /** Runs {@code body} as a coro on the loop and waits for it from this platform thread. */
    private <T> T onLoop(CoroCall<T> body) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.spawn(() -> {
            try {
                result.complete(body.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result.get();
    }

    @Override
    public Measured pointSelect(int clients, long warmNanos, long measureNanos) throws Exception {
        Window w = new Window();
        List<CompletableFuture<Void>> ends = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            CompletableFuture<Void> end = new CompletableFuture<>();
            ends.add(end);
            loop.spawn(() -> {
                try (MySqlConnection db = MySqlConnection.connect(config)) {
                    while (w.running()) {
                        int id = 1 + ThreadLocalRandom.current().nextInt(10_000);
                        if (db.execute(POINT_SELECT, id).rows().getFirst().getInt(0) != id) {
                            throw new AssertionError("wrong row");
                        }
                        w.done();
                    }
                    end.complete(null);
                } catch (Throwable t) {
                    end.completeExceptionally(t);
                }
            });
        }
        Measured m = w.measure(warmNanos, measureNanos);
        for (CompletableFuture<Void> e : ends) {
            e.get();
        }
        return m;
    }

    @Override
    public Measured batchInsert(int rows) throws Exception {
        return onLoop(() -> {
            try (MySqlConnection db = MySqlConnection.connect(config)) {
                db.update("TRUNCATE bench_insert");
                long cpu0 = Cpu.processNanos();
                long t0 = System.nanoTime();
                List<Object[]> params = new ArrayList<>(rows); // built in the window, as the JDBC side's addBatch calls are
                for (int i = 0; i < rows; i++) {
                    params.add(new Object[] {i, "name-" + i, i * 3});
                }
                db.executeBulk(INSERT, params); // COM_STMT_BULK_EXECUTE on MariaDB
                return new Measured(rows, System.nanoTime() - t0, Cpu.processNanos() - cpu0);
            }
        });
    }

    @Override
    public Measured stream(int rows) throws Exception {
        return onLoop(() -> {
            try (MySqlConnection db = MySqlConnection.connect(config)) {
                long[] sum = new long[1];
                long cpu0 = Cpu.processNanos();
                long t0 = System.nanoTime();
                db.stream(ClientSide.streamSql(rows), row -> sum[0] += row.getLong(0) + row.getString(1).length());
                Measured m = new Measured(rows, System.nanoTime() - t0, Cpu.processNanos() - cpu0);
                if (sum[0] == 0) {
                    throw new AssertionError("no rows");
                }
                return m;
            }
        });
    }

    @Override
    public void close() {
        loop.setExit(0);
        loop.close();
    }
}
