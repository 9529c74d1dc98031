package io.shrapnel.codecs.postgres;

import io.shrapnel.net.TlsConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how to connect. Immutable; make one with {@link #builder()}.
 *
 * <pre>{@code
 * PgConfig config = PgConfig.builder().host("127.0.0.1").port(5432)
 *         .user("app").password("secret").database("orders")
 *         .sslMode(SslMode.VERIFY_FULL).tls(TlsConfig.client().trustPem(caPem).build())
 *         .build();
 * }</pre>
 */
public final class PgConfig {
    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String database;
    private final SslMode sslMode;
    private final TlsConfig tls;
    private final boolean channelBinding;
    private final Duration connectTimeout;
    private final int maxMessageSize;
    private final int statementCacheSize;
    private final Map<String, String> parameters;

    private PgConfig(Builder b) {
        this.host = Objects.requireNonNull(b.host, "host");
        this.port = b.port;
        this.user = Objects.requireNonNull(b.user, "user");
        this.password = b.password;
        this.database = b.database == null ? b.user : b.database;
        this.sslMode = Objects.requireNonNull(b.sslMode, "sslMode");
        this.tls = b.tls;
        this.channelBinding = b.channelBinding;
        this.connectTimeout = Objects.requireNonNull(b.connectTimeout, "connectTimeout");
        this.maxMessageSize = b.maxMessageSize;
        this.statementCacheSize = b.statementCacheSize;
        this.parameters = Map.copyOf(b.parameters);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, not " + port);
        }
        if (maxMessageSize < 1024) {
            throw new IllegalArgumentException("maxMessageSize must be at least 1024 bytes, not " + maxMessageSize);
        }
        if (statementCacheSize < 0) {
            throw new IllegalArgumentException("statementCacheSize must be >= 0 (0 turns the cache off), not "
                    + statementCacheSize);
        }
        if (sslMode == SslMode.VERIFY_FULL && tls == null) {
            throw new IllegalArgumentException("sslMode VERIFY_FULL needs a TlsConfig that trusts the server's "
                    + "certificate: .tls(TlsConfig.client().trustPem(ca).build())");
        }
    }

    public static Builder builder() {
        return new Builder();
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

    public String password() {
        return password;
    }

    public String database() {
        return database;
    }

    public SslMode sslMode() {
        return sslMode;
    }

    /** The TLS settings (null: the default for {@link SslMode#PREFER}/{@link SslMode#REQUIRE}, trusting any certificate). */
    public TlsConfig tls() {
        return tls;
    }

    /** Whether SCRAM uses channel binding (SCRAM-SHA-256-PLUS) when TLS is on and the server offers it. */
    public boolean channelBinding() {
        return channelBinding;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public int maxMessageSize() {
        return maxMessageSize;
    }

    public int statementCacheSize() {
        return statementCacheSize;
    }

    /** Extra startup parameters (application_name, search_path...). */
    public Map<String, String> parameters() {
        return parameters;
    }

    @Override
    public String toString() {
        return "postgresql://" + user + "@" + host + ":" + port + "/" + database + "?sslmode=" + sslMode;
    }

    /** Builds a {@link PgConfig}. Defaults: 127.0.0.1:5432, sslmode PREFER, 10 s connect timeout. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 5432;
        private String user;
        private String password;
        private String database;
        private SslMode sslMode = SslMode.PREFER;
        private TlsConfig tls;
        private boolean channelBinding = true;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private int maxMessageSize = 64 << 20;
        private int statementCacheSize = 256;
        private final Map<String, String> parameters = new LinkedHashMap<>();

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        public Builder database(String database) {
            this.database = database;
            return this;
        }

        public Builder sslMode(SslMode mode) {
            this.sslMode = mode;
            return this;
        }

        public Builder tls(TlsConfig tls) {
            this.tls = tls;
            return this;
        }

        public Builder channelBinding(boolean on) {
            this.channelBinding = on;
            return this;
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = d;
            return this;
        }

        /** The largest message accepted from the server (default 64 MiB); larger: {@link PgProtocolException}. */
        public Builder maxMessageSize(int bytes) {
            this.maxMessageSize = bytes;
            return this;
        }

        /** Prepared statements kept per connection, by SQL text (default 256; 0: none). */
        public Builder statementCacheSize(int n) {
            this.statementCacheSize = n;
            return this;
        }

        public Builder parameter(String name, String value) {
            parameters.put(name, value);
            return this;
        }

        public PgConfig build() {
            return new PgConfig(this);
        }
    }
}
