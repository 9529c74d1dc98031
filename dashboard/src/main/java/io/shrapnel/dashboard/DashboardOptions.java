package io.shrapnel.dashboard;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXServiceURL;

/**
 * How {@link Dashboard#start(DashboardOptions)} runs: where it listens, which nodes it shows, how often
 * it samples. Defaults: 127.0.0.1:{@value #DEFAULT_PORT}, this process only, a sample a second, 15
 * minutes of history, a new random token written to {@code ~/.shrapnel/dashboard/}.
 *
 * <pre>{@code
 * Dashboard d = Dashboard.start(DashboardOptions.builder().port(8090).build());
 * System.out.println(d.url());
 * }</pre>
 *
 * @param address where it listens; loopback unless {@link Builder#allowBeyondLoopback()}
 * @param allowBeyondLoopback whether an address other than loopback is accepted
 * @param localNode whether this process is one of the nodes
 * @param registerMBeans whether the dashboard registers Shrapnel's MXBeans in this process (and again
 *                       for loops started later)
 * @param nodes other nodes, each read through a JMX connection
 * @param interval time between samples (at most one second)
 * @param history how long the time series reach back
 * @param tokenDirectory where the token file goes
 * @param token the token, or null for a new random one
 */
public record DashboardOptions(InetSocketAddress address, boolean allowBeyondLoopback, boolean localNode,
                               boolean registerMBeans, List<Node> nodes, Duration interval, Duration history,
                               Path tokenDirectory, String token) {
    /** The port used when none is given. */
    public static final int DEFAULT_PORT = 8090;

    public DashboardOptions {
        Objects.requireNonNull(address, "address");
        nodes = List.copyOf(nodes);
        if (interval.compareTo(Duration.ofMillis(100)) < 0 || interval.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("the sample interval is between 100 ms and 1 s (the page promises a second), not " + interval);
        }
        if (history.compareTo(interval) < 0) {
            throw new IllegalArgumentException("the history (" + history + ") is at least one interval (" + interval + ")");
        }
        if (!localNode && nodes.isEmpty()) {
            throw new IllegalArgumentException("no node to show: keep the local node or add one with node(name, url, environment)");
        }
        if (token != null && token.length() < 16) {
            throw new IllegalArgumentException("a token has at least 16 characters; leave it out for a random one");
        }
    }

    /**
     * A node read over JMX: either a connection opened by the caller, or a service URL with its
     * connector environment (credentials), connected when first read and again after a failure.
     */
    public record Node(String name, MBeanServerConnection connection, JMXServiceURL url, Map<String, ?> environment) {
        public Node {
            Objects.requireNonNull(name, "name");
            if ((connection == null) == (url == null)) {
                throw new IllegalArgumentException("a node has either a connection or a JMX service URL");
            }
            environment = environment == null ? Map.of() : Map.copyOf(environment);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** All defaults. */
    public static DashboardOptions defaults() {
        return builder().build();
    }

    /** Number of samples the history holds. */
    public int historySamples() {
        return (int) Math.max(1, history.toMillis() / interval.toMillis());
    }

    /** Threading: a builder for one thread. */
    public static final class Builder {
        private InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), DEFAULT_PORT);
        private boolean allowBeyondLoopback;
        private boolean localNode = true;
        private boolean registerMBeans = true;
        private final List<Node> nodes = new ArrayList<>();
        private Duration interval = Duration.ofSeconds(1);
        private Duration history = Duration.ofMinutes(15);
        private Path tokenDirectory;
        private String token;

        /** Listens on 127.0.0.1:{@code port}. */
        public Builder port(int port) {
            this.address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            return this;
        }

        /** Listens on {@code address}; one beyond loopback also needs {@link #allowBeyondLoopback()}. */
        public Builder address(InetSocketAddress address) {
            this.address = address;
            return this;
        }

        /**
         * Accepts an address other than loopback. The token still guards every request, but it
         * travels in clear text over the network: prefer an SSH tunnel to a loopback dashboard.
         */
        public Builder allowBeyondLoopback() {
            this.allowBeyondLoopback = true;
            return this;
        }

        /** Whether this process is shown (default yes). */
        public Builder localNode(boolean show) {
            this.localNode = show;
            return this;
        }

        /** Whether the dashboard registers Shrapnel's MXBeans in this process (default yes). */
        public Builder registerMBeans(boolean register) {
            this.registerMBeans = register;
            return this;
        }

        /** Shows another node through a connection the caller opened (and closes). */
        public Builder node(String name, MBeanServerConnection connection) {
            nodes.add(new Node(name, connection, null, null));
            return this;
        }

        /** Shows another node through a JMX connector at {@code url} ({@code environment}: credentials, TLS). */
        public Builder node(String name, JMXServiceURL url, Map<String, ?> environment) {
            nodes.add(new Node(name, null, url, environment));
            return this;
        }

        public Builder interval(Duration interval) {
            this.interval = interval;
            return this;
        }

        public Builder history(Duration history) {
            this.history = history;
            return this;
        }

        /** Where the token file goes (default {@code ~/.shrapnel/dashboard}). */
        public Builder tokenDirectory(Path dir) {
            this.tokenDirectory = dir;
            return this;
        }

        /** A token of the caller's (16+ characters); default: a new random one per start. */
        public Builder token(String token) {
            this.token = token;
            return this;
        }

        public DashboardOptions build() {
            return new DashboardOptions(address, allowBeyondLoopback, localNode, registerMBeans, nodes, interval,
                    history, tokenDirectory, token);
        }
    }
}
