package io.shrapnel.net.pool;

/**
 * A {@link Pool}'s statistics in JMX, registered as {@code io.shrapnel:type=Pool,name=<name>}.
 * Counters only grow; the sizes are the state at the moment of reading.
 *
 * <p>Threading: any thread may read; the pool's loop writes (single writer, volatile fields).
 */
public interface PoolMXBean {
    String getName();

    int getMinSize();

    int getMaxSize();

    /** Connections open or being opened. */
    int getTotal();

    int getIdle();

    int getInUse();

    /** Coros parked in {@code acquire}. */
    int getWaiting();

    long getAcquired();

    long getCreated();

    long getClosed();

    /** Connections closed because {@link Connector#reset} failed or the user discarded them. */
    long getBroken();

    /** Idle connections closed because {@link Connector#check} said no. */
    long getCheckFailures();

    long getOpenFailures();

    long getTimeouts();

    /** The longest an {@code acquire} waited, in microseconds. */
    long getMaxWaitMicros();

    /** The last error of {@link Connector#open}, or an empty string. */
    String getLastOpenError();
}
