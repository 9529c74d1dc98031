package io.shrapnel.rpc;

import java.time.Duration;

/**
 * Limits and timings of a connection, for both ends. Immutable; {@link #DEFAULT} and copies made by
 * the {@code with} methods.
 *
 * @param maxMessageSize largest message either side accepts; larger ones fail their call with
 *     {@link StatusCode#RESOURCE_EXHAUSTED} (the connection stays up). Default 4 MiB.
 * @param maxMetadataSize largest metadata of a call, in bytes of keys and values. Default 8 KiB.
 * @param maxConcurrentCalls calls in flight on one connection: a client parks the caller past it,
 *     a server refuses more with {@link StatusCode#RESOURCE_EXHAUSTED}. Default 16,384.
 * @param keepaliveInterval how often an idle connection is pinged; the connection is declared
 *     dead after {@code keepaliveTimeout} without any frame from the peer. Default 5 s / 20 s.
 */
public record RpcConfig(int maxMessageSize, int maxMetadataSize, int maxConcurrentCalls,
                        Duration keepaliveInterval, Duration keepaliveTimeout) {
    public static final RpcConfig DEFAULT = new RpcConfig(4 << 20, 8 << 10, 16_384,
            Duration.ofSeconds(5), Duration.ofSeconds(20));

    public RpcConfig {
        positive(maxMessageSize, "maxMessageSize");
        positive(maxMetadataSize, "maxMetadataSize");
        positive(maxConcurrentCalls, "maxConcurrentCalls");
        if (keepaliveInterval.isNegative() || keepaliveInterval.isZero()
                || keepaliveTimeout.compareTo(keepaliveInterval) <= 0) {
            throw new IllegalArgumentException("keepalive needs 0 < interval < timeout, not "
                    + keepaliveInterval + " / " + keepaliveTimeout);
        }
    }

    private static void positive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, not " + value);
        }
    }

    public RpcConfig withMaxMessageSize(int bytes) {
        return new RpcConfig(bytes, maxMetadataSize, maxConcurrentCalls, keepaliveInterval, keepaliveTimeout);
    }

    public RpcConfig withMaxMetadataSize(int bytes) {
        return new RpcConfig(maxMessageSize, bytes, maxConcurrentCalls, keepaliveInterval, keepaliveTimeout);
    }

    public RpcConfig withMaxConcurrentCalls(int calls) {
        return new RpcConfig(maxMessageSize, maxMetadataSize, calls, keepaliveInterval, keepaliveTimeout);
    }

    public RpcConfig withKeepalive(Duration interval, Duration timeout) {
        return new RpcConfig(maxMessageSize, maxMetadataSize, maxConcurrentCalls, interval, timeout);
    }
}
