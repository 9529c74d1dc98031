package io.shrapnel.dashboard;

import io.shrapnel.codecs.http.HttpServer;
import io.shrapnel.codecs.http.Limits;
import io.shrapnel.dashboard.internal.AccessGuard;
import io.shrapnel.dashboard.internal.DashboardSite;
import io.shrapnel.dashboard.internal.NodeCommands;
import io.shrapnel.dashboard.internal.NodeConnector;
import io.shrapnel.dashboard.internal.NodeReader;
import io.shrapnel.dashboard.internal.Sampler;
import io.shrapnel.dashboard.internal.SeriesRing;
import io.shrapnel.dashboard.internal.TokenFile;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.monitoring.Monitoring;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A live web dashboard of this process (and of other nodes over JMX): loops, coros, mailboxes,
 * sockets, the JVM, and the profiler, pushed to the page over a WebSocket once a second.
 *
 * <pre>{@code
 * try (Dashboard d = Dashboard.start(DashboardOptions.builder().port(8090).build())) {
 *     System.out.println("dashboard: " + d.url());   // http://127.0.0.1:8090/?token=...
 *     Coro.eventLoop();
 * }
 * }</pre>
 *
 * Or with a flag: {@code -Dshrapnel.dashboard=8090} and {@link #startFromProperties()}.
 *
 * <p>It runs on a loop of its own (a daemon platform thread named {@code shrapnel-dashboard}: an open
 * dashboard does not keep the JVM alive), so a busy
 * application loop does not stop the page, and the page costs the application's loops only the
 * reads of their MXBeans. JMX is the source of truth: everything shown is read through an
 * {@code MBeanServerConnection}, the same way JConsole would.
 *
 * <p>Closed to other local users by default: it listens on loopback, and every request must show a
 * random token (in the URL it prints, and in a file of mode 0600) or the cookie the first page sets;
 * the WebSocket opens only from the dashboard's own page (its Origin). See the module's README.
 *
 * <p>Threading: start and close from any thread (a coro included; it parks while it waits).
 */
public final class Dashboard implements AutoCloseable {
    /** The system property {@link #startFromProperties()} reads: a port, or {@code host:port}. */
    public static final String PROPERTY = "shrapnel.dashboard";
    private static final Duration START_PATIENCE = Duration.ofSeconds(30);

    private final Scheduler loop;
    private final Thread loopThread;
    private final HttpServer server;
    private final Coro samplerCoro;
    private final List<NodeConnector> connectors;
    private final String url;
    private final Path tokenFile;
    private boolean closed;

    private Dashboard(Scheduler loop, Thread loopThread, HttpServer server, Coro samplerCoro, List<NodeConnector> connectors,
                      String url, Path tokenFile) {
        this.loop = loop;
        this.loopThread = loopThread;
        this.server = server;
        this.samplerCoro = samplerCoro;
        this.connectors = connectors;
        this.url = url;
        this.tokenFile = tokenFile;
    }

    /**
     * Starts a dashboard; returns once it listens.
     *
     * @throws IOException if it cannot listen (the port is taken) or write its token file
     * @throws IllegalArgumentException for an address beyond loopback without
     *         {@link DashboardOptions.Builder#allowBeyondLoopback()}
     */
    public static Dashboard start(DashboardOptions options) throws IOException {
        InetAddress host = options.address().getAddress();
        if (host == null) {
            throw new IllegalArgumentException("cannot resolve " + options.address().getHostString());
        }
        if (!host.isLoopbackAddress() && !options.allowBeyondLoopback()) {
            throw new IllegalArgumentException("the dashboard listens on loopback unless told otherwise: " + host
                    + " is not loopback; call allowBeyondLoopback() if you mean it (better: an SSH tunnel to 127.0.0.1)");
        }
        String token = options.token() != null ? options.token() : AccessGuard.newToken();
        List<NodeConnector> connectors = new ArrayList<>();
        List<NodeReader> readers = new ArrayList<>();
        if (options.localNode()) {
            NodeConnector local = NodeConnector.of("this process (" + ManagementFactory.getRuntimeMXBean().getName() + ")",
                    ManagementFactory.getPlatformMBeanServer());
            connectors.add(local);
            readers.add(new NodeReader("local", local));
        }
        for (DashboardOptions.Node n : options.nodes()) {
            NodeConnector c = n.connection() != null ? NodeConnector.of(n.name(), n.connection())
                    : NodeConnector.of(n.url(), n.environment());
            connectors.add(c);
            readers.add(new NodeReader(n.name(), c));
        }
        Path dir = options.tokenDirectory() != null ? options.tokenDirectory() : TokenFile.defaultDirectory();
        Runnable register = options.localNode() && options.registerMBeans() ? Monitoring::registerMBeans : () -> { };
        Sampler sampler = new Sampler(readers, new SeriesRing(options.historySamples()), options.interval(), register);
        int port = options.address().getPort();
        AccessGuard guard = new AccessGuard(token, port, hostNames(options.address()));
        DashboardSite site = new DashboardSite(guard, sampler, new NodeCommands(readers, dir));

        Scheduler loop = Scheduler.create("dashboard");
        // a daemon thread: a dashboard left open does not keep the JVM alive once the application is done
        Thread loopThread = Thread.ofPlatform().daemon().name("shrapnel-dashboard").start(loop::run);
        CompletableFuture<Object[]> started = new CompletableFuture<>();
        loop.post(() -> loop.spawn("dashboard-start", () -> {
            try {
                HttpServer server = HttpServer.builder()
                        .address(options.address())
                        .limits(Limits.defaults().withMaxConnections(64).withMaxConnectionsPerAddress(64)
                                .withMaxWebSocketMessage(1024).withMaxBody(1024))
                        .handler(site)
                        .build()
                        .start();
                Coro s = Coro.spawn("dashboard-sampler", sampler::run);
                started.complete(new Object[] {server, s});
            } catch (Throwable t) {
                started.completeExceptionally(t);
            }
        }));
        Object[] parts;
        try {
            parts = started.get(START_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            stopLoop(loop, loopThread);
            if (e.getCause() instanceof IOException io) {
                throw new IOException("the dashboard cannot listen on " + options.address() + ": " + io.getMessage(), io);
            }
            throw new IllegalStateException("the dashboard did not start", e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            stopLoop(loop, loopThread);
            throw new IOException("the dashboard did not start within " + START_PATIENCE, e);
        }
        String url = "http://" + hostForUrl(options.address()) + ":" + port + "/?token=" + token;
        Path file;
        try {
            file = TokenFile.write(dir, port, url, token);
        } catch (IOException e) {
            new Dashboard(loop, loopThread, (HttpServer) parts[0], (Coro) parts[1], connectors, url, null).close();
            throw e;
        }
        return new Dashboard(loop, loopThread, (HttpServer) parts[0], (Coro) parts[1], connectors, url, file);
    }

    /**
     * Starts a dashboard if the system property {@value #PROPERTY} is set: to a port
     * ({@code -Dshrapnel.dashboard=8090}, on 127.0.0.1) or {@code host:port} (a host beyond loopback
     * also needs {@code -Dshrapnel.dashboard.allowBeyondLoopback=true}). Prints its URL to stderr.
     *
     * @return the dashboard, or empty if the property is not set
     */
    public static Optional<Dashboard> startFromProperties() throws IOException {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        DashboardOptions.Builder b = DashboardOptions.builder().address(parseAddress(value.trim()));
        if (Boolean.getBoolean(PROPERTY + ".allowBeyondLoopback")) {
            b.allowBeyondLoopback();
        }
        String dir = System.getProperty(PROPERTY + ".dir");
        if (dir != null && !dir.isBlank()) {
            b.tokenDirectory(Path.of(dir));
        }
        Dashboard d = start(b.build());
        Coro.printStderr("dashboard: " + d.url() + " (also in " + d.tokenFile() + ")");
        return Optional.of(d);
    }

    /** Ends the loop's run on its thread, waits for the thread, closes the loop. */
    private static void stopLoop(Scheduler loop, Thread thread) {
        loop.setExit(0);
        try {
            if (!thread.join(Duration.ofSeconds(10))) {
                Coro.printStderr("dashboard: its loop did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loop.close();
    }

    /** {@code 8090}, {@code host:8090} or {@code [::1]:8090}. */
    static InetSocketAddress parseAddress(String value) {
        int colon = value.lastIndexOf(':');
        String host = colon < 0 ? null : value.substring(0, colon);
        String port = colon < 0 ? value : value.substring(colon + 1);
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + value + ": give a port (8090) or host:port", e);
        }
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + value + ": the port is between 1 and 65535");
        }
        if (host == null || host.isEmpty()) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), p);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new InetSocketAddress(host, p);
    }

    /** The names a browser may use for this dashboard, as {@code host:port}. */
    private static Set<String> hostNames(InetSocketAddress address) {
        int port = address.getPort();
        Set<String> out = new LinkedHashSet<>();
        InetAddress a = address.getAddress();
        if (a.isLoopbackAddress() || a.isAnyLocalAddress()) {
            out.add("127.0.0.1:" + port);
            out.add("localhost:" + port);
            out.add("[::1]:" + port);
        }
        if (!a.isLoopbackAddress()) {
            out.add(hostForUrl(address) + ":" + port);
            if (a.isAnyLocalAddress()) {
                try {
                    out.add(InetAddress.getLocalHost().getHostName() + ":" + port);
                } catch (UnknownHostException ignored) {
                    // then only the numeric names
                }
            } else if (!address.getHostString().equals(a.getHostAddress())) {
                out.add(address.getHostString() + ":" + port);
            }
        }
        return out;
    }

    private static String hostForUrl(InetSocketAddress address) {
        InetAddress a = address.getAddress();
        if (a.isAnyLocalAddress()) {
            return "127.0.0.1";
        }
        String h = a.getHostAddress();
        return h.indexOf(':') >= 0 ? "[" + h + "]" : h;
    }

    /** The page's address with the token: {@code http://127.0.0.1:8090/?token=...}. */
    public String url() {
        return url;
    }

    /** The port it listens on. */
    public int port() {
        try {
            return server.port();
        } catch (IOException e) {
            throw new IllegalStateException("the dashboard is closed", e);
        }
    }

    /** The file (mode 0600) that holds {@link #url()} and the token; removed by {@link #close()}. */
    public Path tokenFile() {
        return tokenFile;
    }

    /** Stops the server and the sampler, closes its JMX connections and removes the token file. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (loop.inLoop()) {
            throw new IllegalStateException("close the dashboard from outside its own loop");
        }
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        loop.post(() -> loop.spawn("dashboard-stop", () -> {
            try {
                samplerCoro.shutdown();
                server.stop(Duration.ofMillis(500));
            } finally {
                stopped.complete(null);
            }
        }));
        try {
            stopped.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            Coro.printStderr("dashboard: stopping took too long: " + e);
        }
        stopLoop(loop, loopThread);
        connectors.forEach(NodeConnector::close);
        if (tokenFile != null) {
            try {
                Files.deleteIfExists(tokenFile);
            } catch (IOException e) {
                Coro.printStderr("dashboard: cannot remove " + tokenFile + ": " + e);
            }
        }
    }
}
