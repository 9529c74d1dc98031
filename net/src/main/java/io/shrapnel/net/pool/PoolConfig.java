package io.shrapnel.net.pool;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds and limits of a {@link Pool}. Immutable; make one with {@link #builder(String)}.
 *
 * <pre>{@code
 * PoolConfig config = PoolConfig.builder("orders-db")
 *         .minSize(2).maxSize(16)
 *         .maxIdle(Duration.ofMinutes(5)).maxLifetime(Duration.ofMinutes(30))
 *         .acquireTimeout(Duration.ofSeconds(5))
 *         .build();
 * }</pre>
 *
 * @param name names the pool in errors, in its keeper coro and in JMX
 *     ({@code io.shrapnel:type=Pool,name=<name>})
 * @param minSize connections the keeper keeps open even when idle
 * @param maxSize most connections open (and being opened) at once
 * @param maxIdle an idle connection above {@code minSize} is closed after this long unused
 * @param maxLifetime a connection is closed after this long, when it is next idle
 * @param acquireTimeout how long {@link Pool#acquire()} waits for a connection
 * @param checkAfterIdle an idle connection is {@linkplain Connector#check checked} before it is
 *     handed out if it has been idle at least this long ({@code ZERO}: every time)
 * @param housekeeping how often the keeper closes idle and old connections and tops up to {@code minSize}
 * @param registerMXBean whether to register the statistics in the platform MBean server
 */
public record PoolConfig(String name, int minSize, int maxSize, Duration maxIdle, Duration maxLifetime,
                         Duration acquireTimeout, Duration checkAfterIdle, Duration housekeeping,
                         boolean registerMXBean) {

    public PoolConfig {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a pool needs a non-blank name (it names the pool in errors and JMX)");
        }
        if (maxSize < 1) {
            throw new IllegalArgumentException("pool " + name + ": maxSize must be at least 1, not " + maxSize);
        }
        if (minSize < 0 || minSize > maxSize) {
            throw new IllegalArgumentException("pool " + name + ": minSize must be between 0 and maxSize ("
                    + maxSize + "), not " + minSize + "; raise maxSize or lower minSize");
        }
        positive(name, "maxIdle", maxIdle);
        positive(name, "maxLifetime", maxLifetime);
        positive(name, "housekeeping", housekeeping);
        notNegative(name, "acquireTimeout", acquireTimeout);
        notNegative(name, "checkAfterIdle", checkAfterIdle);
    }

    private static void positive(String pool, String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("pool " + pool + ": " + what + " must be positive, not " + d);
        }
    }

    private static void notNegative(String pool, String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isNegative()) {
            throw new IllegalArgumentException("pool " + pool + ": " + what + " must not be negative, not " + d);
        }
    }

    /** A builder with the defaults: 0..10 connections, 10 min idle, 30 min lifetime, 30 s acquire timeout. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Builds a {@link PoolConfig}. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private int minSize = 0;
        private int maxSize = 10;
        private Duration maxIdle = Duration.ofMinutes(10);
        private Duration maxLifetime = Duration.ofMinutes(30);
        private Duration acquireTimeout = Duration.ofSeconds(30);
        private Duration checkAfterIdle = Duration.ofSeconds(1);
        private Duration housekeeping = Duration.ofSeconds(5);
        private boolean registerMXBean = true;

        private Builder(String name) {
            this.name = name;
        }

        public Builder minSize(int n) {
            this.minSize = n;
            return this;
        }

        public Builder maxSize(int n) {
            this.maxSize = n;
            return this;
        }

        public Builder maxIdle(Duration d) {
            this.maxIdle = d;
            return this;
        }

        public Builder maxLifetime(Duration d) {
            this.maxLifetime = d;
            return this;
        }

        public Builder acquireTimeout(Duration d) {
            this.acquireTimeout = d;
            return this;
        }

        public Builder checkAfterIdle(Duration d) {
            this.checkAfterIdle = d;
            return this;
        }

        public Builder housekeeping(Duration d) {
            this.housekeeping = d;
            return this;
        }

        public Builder registerMXBean(boolean register) {
            this.registerMXBean = register;
            return this;
        }

        public PoolConfig build() {
            return new PoolConfig(name, minSize, maxSize, maxIdle, maxLifetime, acquireTimeout, checkAfterIdle,
                    housekeeping, registerMXBean);
        }
    }
}
