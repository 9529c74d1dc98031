package io.shrapnel.rpc;

import java.util.concurrent.ThreadLocalRandom;

/**
 * When a channel may try to reconnect: after the n-th failure in a row it waits
 * {@code min(MAX, BASE * 2^(n-1))}, spread by +-20 % jitter so that many clients of a restarted
 * server do not come back in step.
 *
 * <p>Threading: the channel's loop.
 */
final class Backoff {
    static final long BASE_NANOS = 100_000_000L;
    static final long MAX_NANOS = 10_000_000_000L;

    private int failures;
    private long nextAttempt = Long.MIN_VALUE;

    boolean mayTry(long now) {
        return now >= nextAttempt;
    }

    long waitMillis(long now) {
        return Math.max(0, (nextAttempt - now) / 1_000_000);
    }

    void failed(long now) {
        failures++;
        long delay = delayNanos(failures, ThreadLocalRandom.current().nextDouble(-0.2, 0.2));
        nextAttempt = now + delay;
    }

    void succeeded() {
        failures = 0;
        nextAttempt = Long.MIN_VALUE;
    }

    /** The pause after {@code failures} failures in a row, with {@code jitter} in [-0.2, 0.2). */
    static long delayNanos(int failures, double jitter) {
        long base = failures >= 30 ? MAX_NANOS : Math.min(MAX_NANOS, BASE_NANOS << (failures - 1));
        return (long) (base * (1 + jitter));
    }

    int failures() {
        return failures;
    }
}
