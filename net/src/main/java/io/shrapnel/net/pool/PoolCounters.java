package io.shrapnel.net.pool;

/**
 * The numbers behind {@link PoolMXBean}.
 *
 * <p>Threading: written only by the pool's loop; the fields are volatile so that JMX (another
 * thread) reads current values. Single writer, so {@code x++} on a volatile is safe here.
 */
final class PoolCounters implements PoolMXBean {
    private final PoolConfig config;
    volatile int total;
    volatile int idle;
    volatile int inUse;
    volatile int waiting;
    volatile long acquired;
    volatile long created;
    volatile long closed;
    volatile long broken;
    volatile long checkFailures;
    volatile long openFailures;
    volatile long timeouts;
    volatile long maxWaitMicros;
    volatile String lastOpenError = "";

    PoolCounters(PoolConfig config) {
        this.config = config;
    }

    void waited(long nanos) {
        long micros = nanos / 1000;
        if (micros > maxWaitMicros) {
            maxWaitMicros = micros;
        }
    }

    @Override
    public String getName() {
        return config.name();
    }

    @Override
    public int getMinSize() {
        return config.minSize();
    }

    @Override
    public int getMaxSize() {
        return config.maxSize();
    }

    @Override
    public int getTotal() {
        return total;
    }

    @Override
    public int getIdle() {
        return idle;
    }

    @Override
    public int getInUse() {
        return inUse;
    }

    @Override
    public int getWaiting() {
        return waiting;
    }

    @Override
    public long getAcquired() {
        return acquired;
    }

    @Override
    public long getCreated() {
        return created;
    }

    @Override
    public long getClosed() {
        return closed;
    }

    @Override
    public long getBroken() {
        return broken;
    }

    @Override
    public long getCheckFailures() {
        return checkFailures;
    }

    @Override
    public long getOpenFailures() {
        return openFailures;
    }

    @Override
    public long getTimeouts() {
        return timeouts;
    }

    @Override
    public long getMaxWaitMicros() {
        return maxWaitMicros;
    }

    @Override
    public String getLastOpenError() {
        return lastOpenError;
    }

    @Override
    public String toString() {
        return "Pool[" + config.name() + " total=" + total + " idle=" + idle + " inUse=" + inUse
                + " waiting=" + waiting + "]";
    }
}
