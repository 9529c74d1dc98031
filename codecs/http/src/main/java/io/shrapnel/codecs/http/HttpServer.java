package io.shrapnel.codecs.http;

import io.shrapnel.codecs.http.internal.ConnTransport;
import io.shrapnel.codecs.http.internal.Transport;
import io.shrapnel.kernel.ClosedError;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.TimeoutError;
import io.shrapnel.net.Conn;
import io.shrapnel.net.TcpSock;
import io.shrapnel.net.TlsConfig;
import io.shrapnel.net.TlsSock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An HTTP/1.1 server: one coro accepts, one coro per connection runs the {@link Handler} for each of
 * its requests in turn. A connection gets its coro when its client first speaks (the request's first
 * bytes, a TLS hello, or its close): until then it holds no coro and no stack, only its socket and
 * registration (browsers and pools open connections ahead of their requests). A connection that
 * stays silent is closed {@link Limits#firstRequestTimeout()} after its accept, as one that spoke too
 * little is. Silent connections are not in {@code whereAll} (they have no coro); {@link
 * #silentConnections()} counts them. A kept-alive connection waiting for its next request gives its
 * coro up the same way after {@link Limits#keepCoroWhileIdle()} (plain TCP; 1 s by default), and gets
 * a new one from its next bytes: {@link #connectionsWithoutCoro()} counts both kinds.
 *
 * <pre>{@code
 * Coro.spawn(() -> {
 *     HttpServer server = HttpServer.builder().port(8080).handler((req, res) -> res.send("hello")).build();
 *     server.start();
 * });
 * Coro.eventLoop();
 * }</pre>
 *
 * When {@link Limits#maxConnections()} are open, a new connection closes the one that has waited
 * longest for a request; only if none waits, it gets 503 and is closed. A client address holding
 * {@link Limits#maxConnectionsPerAddress()} connections gets 503 for one more. A failing connection
 * (a bad request, a reset, a handler that throws) ends only itself.
 *
 * <p>Threading: start and stop it from a coro; the server's coros live on that coro's loop.
 */
public final class HttpServer {
    /** Most time spent answering a connection that is over the limit. */
    private static final Duration OVER_LIMIT_TIMEOUT = Duration.ofSeconds(1);

    private final SocketAddress address;
    private final Handler handler;
    private final Limits limits;
    private final Tls tls;
    private final int backlog;
    private TcpSock listener;
    private Coro acceptor;
    private Scheduler loop;
    /** Loop-confined. */
    private final ConnectionTable table;
    private long accepted;
    private long refused;
    private long closedIdle;
    private final HttpServerMetrics metrics = new HttpServerMetrics(this);

    private HttpServer(Builder b) {
        this.address = b.address;
        this.handler = Objects.requireNonNull(b.handler, "handler: call builder().handler(...)");
        this.limits = b.limits;
        this.tls = b.tls;
        this.backlog = b.backlog;
        this.table = new ConnectionTable(limits.firstRequestTimeout(),
                limits.idleTimeout().minus(limits.keepCoroWhileIdle()), this::firstBytes);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Wraps each accepted connection before HTTP runs on it (TLS does; see {@link Builder#tls}). */
    @FunctionalInterface
    public interface Tls {
        /** Returns the connection to speak HTTP over; runs in the connection's coro. */
        Conn wrap(TcpSock accepted) throws IOException;
    }

    public static final class Builder {
        private SocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080);
        private Handler handler;
        private Limits limits = Limits.defaults();
        private Tls tls;
        private int backlog = io.shrapnel.net.TcpServer.defaultBacklog();

        /** Listens on 127.0.0.1:{@code port} (0: an ephemeral port). */
        public Builder port(int port) {
            this.address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            return this;
        }

        public Builder address(SocketAddress address) {
            this.address = address;
            return this;
        }

        public Builder handler(Handler handler) {
            this.handler = handler;
            return this;
        }

        public Builder limits(Limits limits) {
            this.limits = limits;
            return this;
        }

        /** Speaks HTTPS: each connection is wrapped (TLS handshake) in its own coro before HTTP. */
        public Builder tls(Tls tls) {
            this.tls = tls;
            return this;
        }

        /**
         * Speaks HTTPS with the net module's {@link TlsSock}: {@code TlsConfig.server(cert, key).build()}.
         * The handshake runs in the connection's coro, bounded by {@link Limits#headerTimeout()}.
         */
        public Builder tls(TlsConfig config) {
            if (config.isClient()) {
                throw new IllegalArgumentException("a server needs TlsConfig.server(certificate, key), not a client configuration");
            }
            return tls(accepted -> {
                TlsSock t = TlsSock.server(accepted, config);
                t.handshake();
                return t;
            });
        }

        /** The listen backlog (default {@link io.shrapnel.net.TcpServer#defaultBacklog()}: the kernel's somaxconn). */
        public Builder backlog(int backlog) {
            this.backlog = backlog;
            return this;
        }

        public HttpServer build() {
            return new HttpServer(this);
        }
    }

    /** Binds, listens and starts accepting in a new coro; returns once the port is open. */
    public HttpServer start() throws IOException {
        if (listener != null) {
            throw new IllegalStateException("this server is already started");
        }
        TcpSock l = TcpSock.create();
        l.bind(address);
        l.listen(backlog);
        // Responses leave in one write each; Nagle would hold a response's last segment back until
        // the client's delayed ACK (40 ms), so every accepted connection gets TCP_NODELAY.
        l.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
        listener = l;
        loop = Scheduler.current();
        acceptor = Coro.spawn("http-accept " + l.localAddress(), this::acceptLoop);
        metrics.started(l.localAddress());
        return this;
    }

    /** The address it listens on (with the real port when it was 0). */
    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) listener.localAddress();
    }

    public int port() throws IOException {
        return localAddress().getPort();
    }

    /** Connections served right now. */
    public int connectionCount() {
        return table.size();
    }

    /** Connections whose client has not sent a byte yet (they hold no coro). */
    public int silentConnections() {
        return table.silent();
    }

    /** Connections waiting for a request right now: the silent ones and the idle kept-alive ones. */
    public int idleConnections() {
        return table.waiting();
    }

    /** Connections holding no coro right now: the silent ones and the kept-alive ones that gave theirs up. */
    public int connectionsWithoutCoro() {
        return table.silent() + table.dormant();
    }

    /** Silent connections closed since the start because their first request did not come in time. */
    public long closedSilent() {
        return table.expiredSilent();
    }

    /** What this server has answered, by status class; {@link HttpServerMetrics#live()} lists it while it runs. */
    public HttpServerMetrics metrics() {
        return metrics;
    }

    /** Idle connections closed to make room for new ones since the start. */
    public long closedIdle() {
        return closedIdle;
    }

    /** Connections accepted and connections refused with 503 since the start. */
    public long accepted() {
        return accepted;
    }

    public long refused() {
        return refused;
    }

    private void acceptLoop() throws IOException {
        try {
            while (true) {
                for (TcpSock c : listener.acceptMany(64)) {
                    admit(c);
                }
            }
        } catch (ClosedError e) {
            // stopped
        }
    }

    /** Serves {@code c}, making room by closing the longest-idle connection, or refuses it with 503. */
    private void admit(TcpSock c) {
        InetAddress from = peerAddress(c);
        String refusal = null;
        if (from != null && table.from(from) >= limits.maxConnectionsPerAddress()) {
            refusal = "too many connections from your address; try again later";
        } else if (table.size() >= limits.maxConnections()) {
            if (table.closeLongestIdle()) {
                closedIdle++;
            } else {
                refusal = "too many connections; try again later";
            }
        }
        if (refusal != null) {
            refused++;
            String why = refusal;
            Coro.spawn("http-refuse", () -> refuse(c, why));
            return;
        }
        accepted++;
        table.add(c, from, loop);
    }

    /** The client of a connection without a coro spoke (or closed): its coro starts. Runs on the loop, briefly. */
    private void firstBytes(ServerConnection c) {
        c.coro = Coro.spawnOn(loop, "http-conn", () -> serve(c));
    }

    private static InetAddress peerAddress(TcpSock c) {
        try {
            return c.peerAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void serve(ServerConnection c) {
        TcpSock sock = c.sock;
        Transport t = null;
        boolean keep = false;
        try {
            Conn conn = tls != null ? Coro.withTimeout(limits.headerTimeout(), () -> tls.wrap(sock)) : sock;
            t = new ConnTransport(conn);
            ServerSession s = new ServerSession(t, handler, limits, c, c.acceptedAt);
            if (c.keptAlive) {
                s.continuing();
            }
            s.metrics = metrics;
            s.mayReleaseCoro = tls == null;
            c.session = s;
            keep = s.run();
        } catch (IOException | TimeoutError e) {
            // a connection that failed (handshake, reset) ends here and only here
        } catch (Exception e) {
            Coro.printStderr("http: connection failed: " + e);
        } finally {
            if (!keep || !table.keepWithoutCoro(c)) {
                close(c, t);
            }
        }
    }

    private void close(ServerConnection c, Transport t) {
        table.remove(c);
        if (t != null) {
            t.close();
        }
        try {
            c.sock.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }

    private void refuse(TcpSock sock, String why) {
        try (sock) {
            Coro.withTimeout(OVER_LIMIT_TIMEOUT, () -> new ServerSession(new ConnTransport(sock), handler, limits)
                    .refuse(503, why));
        } catch (Exception | TimeoutError e) {
            // it was only a courtesy
        }
    }

    /**
     * Stops accepting, lets each connection finish the request it is serving (up to {@code grace}),
     * then closes what is left. Call from a coro of the server's loop.
     */
    public void stop(Duration grace) throws IOException {
        if (listener == null) {
            return;
        }
        listener.close();
        metrics.stopped();
        table.stop(); // the connections without a coro have nothing to finish: closed at once
        List<ServerConnection> live = table.connections();
        for (ServerConnection c : live) {
            ServerSession s = c.session;
            if (s != null) {
                s.closeAfterCurrent();
                if (s.isIdle()) {
                    s.transport().close();
                }
            }
        }
        try {
            Coro.withTimeout(grace, () -> {
                for (ServerConnection c : live) {
                    c.coro.join();
                }
            });
        } catch (TimeoutError e) {
            for (ServerConnection c : table.connections()) {
                if (c.session != null) {
                    c.session.transport().close();
                }
                c.coro.shutdown();
            }
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
        if (acceptor != null) {
            acceptor.join();
        }
    }

    /** {@link #stop(Duration)} with 5 seconds of grace. */
    public void stop() throws IOException {
        stop(Duration.ofSeconds(5));
    }
}
