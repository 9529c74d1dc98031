package io.shrapnel.mailbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link Supervisor} restarts its children.
 *
 * <pre>{@code
 * SupervisorSpec.oneForOne()
 *     .intensity(3, Duration.ofSeconds(5))              // more restarts than that: the supervisor gives up
 *     .backoff(Duration.ofMillis(100), Duration.ofSeconds(10))
 *     .child(ChildSpec.permanent("db", () -> Actors.spawn("db", Db::run)));
 * }</pre>
 *
 * <p>Threading: a spec belongs to the code that builds it; the supervisor keeps a copy.
 */
public final class SupervisorSpec {
    /** Which children are restarted when one exits. */
    public enum Strategy {
        /** Only the child that exited. */
        ONE_FOR_ONE,
        /** All of them: the others are stopped first (in reverse start order), then all start again in order. */
        ONE_FOR_ALL,
        /** The child that exited and those started after it (stopped in reverse order first). */
        REST_FOR_ONE
    }

    private final Strategy strategy;
    private int maxRestarts = 3;
    private Duration within = Duration.ofSeconds(5);
    private Duration minBackoff = Duration.ZERO;
    private Duration maxBackoff = Duration.ZERO;
    private Duration shutdownTimeout = Duration.ofSeconds(5);
    private final List<ChildSpec> children = new ArrayList<>();

    private SupervisorSpec(Strategy strategy) {
        this.strategy = strategy;
    }

    public static SupervisorSpec oneForOne() {
        return new SupervisorSpec(Strategy.ONE_FOR_ONE);
    }

    public static SupervisorSpec oneForAll() {
        return new SupervisorSpec(Strategy.ONE_FOR_ALL);
    }

    public static SupervisorSpec restForOne() {
        return new SupervisorSpec(Strategy.REST_FOR_ONE);
    }

    /**
     * Maximum restart intensity: if more than {@code maxRestarts} restarts happen within
     * {@code within}, the supervisor stops its children and exits with {@link SupervisorGaveUp}.
     * Default: 3 in 5 seconds.
     */
    public SupervisorSpec intensity(int maxRestarts, Duration within) {
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("maxRestarts must be 0 or more, not " + maxRestarts);
        }
        this.maxRestarts = maxRestarts;
        this.within = Objects.requireNonNull(within, "within");
        return this;
    }

    /**
     * Waits before restarting: {@code min} after the first restart within the intensity period, twice
     * as long after each further one, at most {@code max}. Default: no wait.
     */
    public SupervisorSpec backoff(Duration min, Duration max) {
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("backoff needs 0 <= min <= max, not " + min + " and " + max);
        }
        this.minBackoff = min;
        this.maxBackoff = max;
        return this;
    }

    /** How long a child may take to exit when the supervisor stops it. Default 5 seconds. */
    public SupervisorSpec shutdownTimeout(Duration timeout) {
        this.shutdownTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /** Adds a child; children start in the order they were added. */
    public SupervisorSpec child(ChildSpec child) {
        for (ChildSpec c : children) {
            if (c.id().equals(child.id())) {
                throw new IllegalArgumentException("two children named '" + child.id() + "': ids must be unique");
            }
        }
        children.add(child);
        return this;
    }

    public Strategy strategy() {
        return strategy;
    }

    public int maxRestarts() {
        return maxRestarts;
    }

    public Duration within() {
        return within;
    }

    public Duration minBackoff() {
        return minBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    public List<ChildSpec> children() {
        return List.copyOf(children);
    }

    /** The back-off before the {@code n}th restart within the intensity period (n from 1). */
    public Duration backoffFor(int n) {
        if (minBackoff.isZero()) {
            return Duration.ZERO;
        }
        Duration d = minBackoff;
        for (int i = 1; i < n && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }
}
