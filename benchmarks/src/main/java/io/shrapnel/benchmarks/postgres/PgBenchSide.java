package io.shrapnel.benchmarks.postgres;

import java.lang.management.ManagementFactory;

/**
 * One client library under test. Each workload measures itself (wall time and this process's CPU
 * time over the measured part only) and reports operations done.
 *
 * <p>Threading: called from the bench's main thread, one workload at a time.
 */
interface PgBenchSide extends AutoCloseable {
    /** What a workload did: operations, wall nanoseconds, process CPU nanoseconds, bytes allocated by all threads. */
    record Measured(long ops, long wallNanos, long cpuNanos, long allocatedBytes) {
        double opsPerSecond() {
            return ops * 1e9 / wallNanos;
        }

        double cpuMicrosPerOp() {
            return cpuNanos / 1e3 / Math.max(1, ops);
        }

        /** Heap bytes allocated per operation (every thread of the JVM; the other side is idle meanwhile). */
        double bytesPerOp() {
            return (double) allocatedBytes / Math.max(1, ops);
        }
    }

    String name();

    /** {@code clients} connections, each running point selects back to back; warm, then measure. */
    Measured pointSelects(int clients, long warmNanos, long measureNanos) throws Exception;

    /**
     * Inserts {@code rows} rows in one batch (one transaction), {@code times} times and on until
     * {@code minNanos} have passed (so the process CPU clock, which ticks every 10 ms, measures a
     * window long enough); ops = rows inserted.
     */
    Measured batchInsert(int rows, int times, long minNanos) throws Exception;

    /** Reads a {@code rows}-row result row by row without holding it; ops = rows. */
    Measured stream(int rows) throws Exception;

    /** Heap bytes per idle pooled connection: opens {@code n}, measures used heap after GC. */
    long bytesPerIdleConnection(int n) throws Exception;

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Bytes allocated so far by every thread (virtual threads count on their carriers). */
    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getTotalThreadAllocatedBytes();
    }

    static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Runs clients until a deadline; returns the operations done. */
    @FunctionalInterface
    interface Timed {
        long runFor(long nanos) throws Exception;
    }

    /** Runs {@code clients} unmeasured for {@code warmNanos} (the JIT settles), then measured. */
    static Measured warmThenMeasure(Timed clients, long warmNanos, long measureNanos) throws Exception {
        clients.runFor(warmNanos);
        Window w = new Window();
        return w.stop(clients.runFor(measureNanos));
    }

    /** Starts timing; {@link #stop} gives the window. */
    final class Window {
        private final long wall0 = System.nanoTime();
        private final long cpu0 = cpuNanos();
        private final long alloc0 = allocatedBytes();

        Measured stop(long ops) {
            return new Measured(ops, System.nanoTime() - wall0, cpuNanos() - cpu0, allocatedBytes() - alloc0);
        }
    }

    String SELECT = "select id, name, v from bench where id = ";
    int TABLE_ROWS = 10_000;
}
