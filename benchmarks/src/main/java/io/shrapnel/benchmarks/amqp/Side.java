package io.shrapnel.benchmarks.amqp;

import java.lang.management.ManagementFactory;

/** One AMQP client under test; every workload runs against the same broker and queue names. */
interface Side extends AutoCloseable {
    /** Wall time, this JVM's CPU time, and how many messages (or calls). */
    record Measured(long ops, long wallNanos, long cpuNanos) {
        double opsPerSecond() {
            return ops * 1e9 / wallNanos;
        }

        double cpuMicrosPerOp() {
            return cpuNanos / 1e3 / ops;
        }
    }

    String name();

    /** Publishes {@code n} messages to {@code queue} in confirm mode, waiting for the confirms of each batch. */
    Measured publishConfirmed(String queue, int n, int batch, byte[] body) throws Exception;

    /** Consumes {@code n} messages already in {@code queue} with manual acks and this prefetch. */
    Measured consumeAcked(String queue, int n, int prefetch) throws Exception;

    /**
     * A request/reply client over direct reply-to, sending to {@code queue}: {@link Rpc#calls} runs
     * sequential round trips. Opened once per round; the bench alternates blocks of calls of the two
     * sides so that both meet the same moments of a busy machine.
     */
    Rpc openRpc(String queue) throws Exception;

    /** Sequential round trips; closing releases the channel. */
    interface Rpc extends AutoCloseable {
        /** {@code n} sequential calls; the nanoseconds each took. */
        long[] calls(int n) throws Exception;
    }

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
