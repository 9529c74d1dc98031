package io.shrapnel.codecs.mysql;

import io.shrapnel.net.TlsConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to connect: {@code MySqlConfig.builder().host("127.0.0.1").port(3306).user("app")
 * .password("secret").database("shop").tls(TlsMode.REQUIRED, TlsConfig.client().trustPem(ca).build()).build()}.
 *
 * <p>Immutable; share it freely.
 */
public final class MySqlConfig {
    /** Whether the connection upgrades to TLS after the server's greeting. */
    public enum TlsMode {
        /** Never: passwords of {@code caching_sha2_password} then need {@code allowPublicKeyRetrieval}. */
        DISABLED,
        /** If the server offers it. */
        PREFERRED,
        /** Fail unless the server offers it. */
        REQUIRED
    }

    final String host;
    final int port;
    final String user;
    final String password;
    final String database;
    final TlsMode tlsMode;
    final TlsConfig tls;
    final String serverName;
    final int maxPacketSize;
    final int statementCacheSize;
    final Duration connectTimeout;
    final Duration cancelTimeout;
    final boolean allowPublicKeyRetrieval;
    final boolean killQueryOnInterrupt;

    private MySqlConfig(Builder b) {
        host = b.host;
        port = b.port;
        user = b.user;
        password = b.password;
        database = b.database;
        tlsMode = b.tlsMode;
        tls = b.tls;
        serverName = b.serverName != null ? b.serverName : b.host;
        maxPacketSize = b.maxPacketSize;
        statementCacheSize = b.statementCacheSize;
        connectTimeout = b.connectTimeout;
        cancelTimeout = b.cancelTimeout;
        allowPublicKeyRetrieval = b.allowPublicKeyRetrieval;
        killQueryOnInterrupt = b.killQueryOnInterrupt;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values, to change some. */
    public Builder toBuilder() {
        Builder b = new Builder().host(host).port(port).user(user).password(password).database(database)
                .maxPacketSize(maxPacketSize).statementCacheSize(statementCacheSize).connectTimeout(connectTimeout)
                .cancelTimeout(cancelTimeout).allowPublicKeyRetrieval(allowPublicKeyRetrieval)
                .killQueryOnInterrupt(killQueryOnInterrupt);
        b.tlsMode = tlsMode;
        b.tls = tls;
        b.serverName = serverName;
        return b;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String database() {
        return database;
    }

    public TlsMode tlsMode() {
        return tlsMode;
    }

    @Override
    public String toString() {
        return "mysql://" + user + "@" + host + ":" + port + "/" + (database == null ? "" : database)
                + " tls=" + tlsMode;
    }

    /** Builds a {@link MySqlConfig}. Threading: one thread at a time. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 3306;
        private String user;
        private String password = "";
        private String database;
        private TlsMode tlsMode = TlsMode.DISABLED;
        private TlsConfig tls;
        private String serverName;
        private int maxPacketSize = 64 << 20;
        private int statementCacheSize = 256;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration cancelTimeout = Duration.ofSeconds(5);
        private boolean allowPublicKeyRetrieval;
        private boolean killQueryOnInterrupt = true;

        private Builder() {}

        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        public Builder port(int port) {
            if (port <= 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 1..65535, not " + port);
            }
            this.port = port;
            return this;
        }

        public Builder user(String user) {
            this.user = Objects.requireNonNull(user, "user");
            return this;
        }

        public Builder password(String password) {
            this.password = password == null ? "" : password;
            return this;
        }

        /** The default database (schema); null for none. */
        public Builder database(String database) {
            this.database = database;
            return this;
        }

        /** TLS: {@code mode} PREFERRED or REQUIRED needs a client {@code config} (trust, hostname checks). */
        public Builder tls(TlsMode mode, TlsConfig config) {
            if (mode != TlsMode.DISABLED && (config == null || !config.isClient())) {
                throw new IllegalArgumentException("TLS mode " + mode + " needs a client TlsConfig: TlsConfig.client()...build()");
            }
            this.tlsMode = mode;
            this.tls = config;
            return this;
        }

        /** The name the server's certificate must carry (default: the host). */
        public Builder serverName(String serverName) {
            this.serverName = serverName;
            return this;
        }

        /** The largest packet (after joining 16 MB pieces) the client accepts: a bound on buffering. */
        public Builder maxPacketSize(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxPacketSize must be at least 1024, not " + bytes);
            }
            this.maxPacketSize = bytes;
            return this;
        }

        /** Prepared statements kept per connection (least recently used closed first); 0 turns caching off. */
        public Builder statementCacheSize(int size) {
            if (size < 0) {
                throw new IllegalArgumentException("statementCacheSize must be >= 0, not " + size);
            }
            this.statementCacheSize = size;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** How long cancelling an interrupted query (KILL QUERY, then draining) may take before the connection is closed. */
        public Builder cancelTimeout(Duration timeout) {
            this.cancelTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Lets {@code caching_sha2_password} fetch the server's RSA key over a plain connection to send the
         * password on its full path. Off by default: a man in the middle could hand out his own key.
         */
        public Builder allowPublicKeyRetrieval(boolean allow) {
            this.allowPublicKeyRetrieval = allow;
            return this;
        }

        /** Whether an interrupted or timed-out query is killed with KILL QUERY from a second connection (default on). */
        public Builder killQueryOnInterrupt(boolean kill) {
            this.killQueryOnInterrupt = kill;
            return this;
        }

        public MySqlConfig build() {
            if (user == null) {
                throw new IllegalStateException("MySqlConfig needs a user: builder().user(\"name\")");
            }
            return new MySqlConfig(this);
        }
    }
}
