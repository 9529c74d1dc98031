package io.shrapnel.codecs.amqp;

import io.shrapnel.net.TlsConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to connect: {@code AmqpConfig.builder().port(5672).credentials("test", "test").build()}.
 *
 * @param heartbeat asked of the broker (the lower non-zero of both sides wins); zero turns heartbeats off
 * @param frameMax asked of the broker (the lower of both sides wins); at least 4096
 * @param maxMessageSize the largest message body accepted from the broker; a larger one closes the connection
 * @param tls null for plain TCP
 * @param external authenticate with SASL EXTERNAL (the TLS client certificate) instead of PLAIN
 * @param recovery how to reconnect after the connection drops, or null to stay closed
 */
public record AmqpConfig(String host, int port, String virtualHost, String username, String password,
        Duration heartbeat, int frameMax, int channelMax, Duration connectTimeout, Duration closeTimeout,
        long maxMessageSize, TlsConfig tls, String serverName, boolean external, String connectionName,
        Recovery recovery) {

    /**
     * Automatic recovery: after a lost connection (or one the broker closed), reconnect after
     * {@code initialDelay}, doubling up to {@code maxDelay} between attempts, at most
     * {@code maxAttempts} times; then reopen the channels (prefetch, confirm mode), declare the
     * recorded exchanges, queues and bindings again and restart the consumers.
     */
    public record Recovery(Duration initialDelay, Duration maxDelay, int maxAttempts) {}

    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link AmqpConfig}; defaults: 127.0.0.1:5672, vhost "/", guest/guest, heartbeat 60 s. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 5672;
        private String virtualHost = "/";
        private String username = "guest";
        private String password = "guest";
        private Duration heartbeat = Duration.ofSeconds(60);
        private int frameMax = 131_072;
        private int channelMax = 2047;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration closeTimeout = Duration.ofSeconds(5);
        private long maxMessageSize = 128L << 20;
        private TlsConfig tls;
        private String serverName;
        private boolean external;
        private String connectionName = "shrapnel";
        private Recovery recovery;

        private Builder() {}

        public Builder host(String v) {
            host = Objects.requireNonNull(v);
            return this;
        }

        public Builder port(int v) {
            port = v;
            return this;
        }

        public Builder virtualHost(String v) {
            virtualHost = Objects.requireNonNull(v);
            return this;
        }

        public Builder credentials(String user, String pass) {
            username = Objects.requireNonNull(user);
            password = Objects.requireNonNull(pass);
            return this;
        }

        /** Whole seconds; zero asks for no heartbeats. */
        public Builder heartbeat(Duration v) {
            heartbeat = Objects.requireNonNull(v);
            return this;
        }

        public Builder frameMax(int v) {
            if (v < 4096) {
                throw new IllegalArgumentException("AMQP's smallest frame max is 4096, not " + v);
            }
            frameMax = v;
            return this;
        }

        public Builder channelMax(int v) {
            channelMax = v;
            return this;
        }

        public Builder connectTimeout(Duration v) {
            connectTimeout = Objects.requireNonNull(v);
            return this;
        }

        public Builder closeTimeout(Duration v) {
            closeTimeout = Objects.requireNonNull(v);
            return this;
        }

        public Builder maxMessageSize(long v) {
            maxMessageSize = v;
            return this;
        }

        /** TLS with this configuration; {@code serverName} is checked against the broker's certificate. */
        public Builder tls(TlsConfig config, String serverName) {
            tls = config;
            this.serverName = serverName;
            return this;
        }

        /** SASL EXTERNAL: the broker takes the user from the TLS client certificate. */
        public Builder external() {
            external = true;
            return this;
        }

        /** Shown by the broker's management tools ({@code rabbitmqctl list_connections client_properties}). */
        public Builder connectionName(String v) {
            connectionName = v;
            return this;
        }

        /** Turns on automatic recovery (off by default). */
        public Builder recovery(Duration initialDelay, Duration maxDelay, int maxAttempts) {
            recovery = new Recovery(initialDelay, maxDelay, maxAttempts);
            return this;
        }

        public AmqpConfig build() {
            return new AmqpConfig(host, port, virtualHost, username, password, heartbeat, frameMax, channelMax,
                    connectTimeout, closeTimeout, maxMessageSize, tls, serverName, external, connectionName, recovery);
        }
    }
}
