package io.shrapnel.benchmarks.mysql;

/**
 * One client library under test. Each workload runs to completion and returns how many
 * operations it did in its measured window and the process CPU spent in that window.
 */
interface ClientSide extends AutoCloseable {
    String name();

    /** {@code clients} connections, each doing point selects back to back; measured after {@code warmNanos}. */
    Measured pointSelect(int clients, long warmNanos, long measureNanos) throws Exception;

    /** Inserts {@code rows} rows as one batch into an emptied table; the whole batch is measured. */
    Measured batchInsert(int rows) throws Exception;

    /** Reads {@code rows} rows of one query row by row; the whole stream is measured. */
    Measured stream(int rows) throws Exception;

    /** Operations done, wall nanos and process CPU nanos of a measured window. */
    record Measured(long ops, long wallNanos, long cpuNanos) {
        double opsPerSecond() {
            return ops * 1e9 / wallNanos;
        }

        double cpuMicrosPerOp() {
            return cpuNanos / 1e3 / ops;
        }
    }

    String POINT_SELECT = "SELECT id, name, v FROM bench WHERE id = ?";
    String INSERT = "INSERT INTO bench_insert (id, name, v) VALUES (?, ?, ?)";

    static String streamSql(int rows) {
        return "SELECT seq, CONCAT('name-', seq), seq * 3 FROM seq_1_to_" + rows;
    }
}
