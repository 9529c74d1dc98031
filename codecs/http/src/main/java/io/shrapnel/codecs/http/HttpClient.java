package io.shrapnel.codecs.http;

import io.shrapnel.codecs.http.internal.ConnTransport;
import io.shrapnel.codecs.http.internal.HttpInput;
import io.shrapnel.codecs.http.internal.HttpOutput;
import io.shrapnel.kernel.Coro;
import io.shrapnel.net.Conn;
import io.shrapnel.net.TcpSock;
import io.shrapnel.net.TlsConfig;
import io.shrapnel.net.TlsSock;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An HTTP/1.1 client for coros: straight-line {@code send} that parks the calling coro, a pool of
 * kept-alive connections per origin, optional pipelining, redirects when asked for, a timeout on every
 * request ({@code Coro.withTimeout}), TLS through a {@link Tls} hook, and an HTTP proxy.
 *
 * <pre>{@code
 * HttpClient client = HttpClient.builder().build();
 * ClientResponse r = client.send(ClientRequest.get("http://127.0.0.1:8080/hello"));
 * System.out.println(r.status() + " " + r.text());
 * }</pre>
 *
 * {@link #stream} returns as soon as the response head is here and lets the caller read the body
 * as it arrives ({@link StreamedResponse#body()}), in bounded memory: for endless streams (a watch,
 * server-sent events) and bodies too large to hold.
 *
 * <p>Host names go through the net module's {@link io.shrapnel.net.Resolver} (never a blocking lookup
 * on the loop). A request on a reused connection that the server had closed is retried once on a new
 * one if it is idempotent and its body can be sent again.
 *
 * <p>Threading: one client per loop; its coros may share it.
 */
public final class HttpClient implements AutoCloseable {
    private static final int MAX_REDIRECT_LIMIT = 20;

    /** Turns a connected socket into a TLS connection to {@code host} (verifying the host name). */
    @FunctionalInterface
    public interface Tls {
        Conn wrap(TcpSock connected, String host, int port) throws IOException;
    }

    private final ConnectionPool pool;
    private final Duration timeout;
    private final int maxRedirects;
    private final InetSocketAddress proxy;
    private Tls tls;
    private final Limits limits;

    private HttpClient(Builder b) {
        this.pool = new ConnectionPool(b.maxConnectionsPerHost, b.idleTimeout);
        this.timeout = b.timeout;
        this.maxRedirects = b.maxRedirects;
        this.proxy = b.proxy;
        this.tls = b.tls;
        this.limits = b.limits;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private int maxConnectionsPerHost = 8;
        private Duration idleTimeout = Duration.ofSeconds(30);
        private Duration timeout = Duration.ofSeconds(30);
        private int maxRedirects;
        private InetSocketAddress proxy;
        private Tls tls;
        private Limits limits = Limits.defaults();

        /** Connections open at once to one origin (default 8); more requests wait their turn. */
        public Builder maxConnectionsPerHost(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxConnectionsPerHost must be >= 1, not " + n);
            }
            this.maxConnectionsPerHost = n;
            return this;
        }

        /** How long an unused connection is kept for reuse (default 30 s). */
        public Builder idleTimeout(Duration d) {
            this.idleTimeout = d;
            return this;
        }

        /** The limit of each request, connect to last byte, unless the request sets its own (default 30 s). */
        public Builder timeout(Duration d) {
            this.timeout = d;
            return this;
        }

        /** Follows up to {@code max} redirects (301, 302, 303, 307, 308); 0, the default, follows none. */
        public Builder followRedirects(int max) {
            if (max < 0 || max > MAX_REDIRECT_LIMIT) {
                throw new IllegalArgumentException("followRedirects takes 0.." + MAX_REDIRECT_LIMIT + ", not " + max);
            }
            this.maxRedirects = max;
            return this;
        }

        /** Sends every request through the HTTP proxy at {@code address} (https:// through CONNECT). */
        public Builder proxy(InetSocketAddress address) {
            this.proxy = address;
            return this;
        }

        /** How https:// connections get their TLS (see {@link Tls}). */
        public Builder tls(Tls tls) {
            this.tls = tls;
            return this;
        }

        /**
         * https:// through the net module's {@link TlsSock} with {@code config} (whom to trust; the
         * host name is verified unless the config turns that off). Without this the client uses
         * {@code TlsConfig.client().build()}: the JDK's CA certificates and host name verification.
         */
        public Builder tls(TlsConfig config) {
            if (!config.isClient()) {
                throw new IllegalArgumentException("a client needs TlsConfig.client()..., not a server configuration");
            }
            return tls(tlsWith(config));
        }

        /** Limits on what servers send back (head sizes, body size). */
        public Builder limits(Limits limits) {
            this.limits = limits;
            return this;
        }

        public HttpClient build() {
            return new HttpClient(this);
        }
    }

    /** GETs {@code uri}. */
    public ClientResponse get(String uri) throws IOException {
        return send(ClientRequest.get(uri));
    }

    /** Sends {@code request} and reads the whole response, following redirects if the client does. */
    public ClientResponse send(ClientRequest request) throws IOException {
        Duration t = request.timeout() != null ? request.timeout() : timeout;
        return call(t, () -> {
            ClientRequest r = request;
            for (int hop = 0; ; hop++) {
                ClientResponse res = sendOnce(r);
                String location = res.header("Location");
                if (hop >= maxRedirects || location == null || !isRedirect(res.status())) {
                    return res;
                }
                URI next = r.uri().resolve(location);
                boolean keepBody = res.status() == 307 || res.status() == 308;
                if (keepBody && !r.isReplayable()) {
                    return res; // the body was a stream, already spent
                }
                r = r.redirectTo(next, keepBody, Origin.of(next).equals(Origin.of(r.uri())));
            }
        });
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private ClientResponse sendOnce(ClientRequest r) throws IOException {
        return exchange(r, c -> {
            ClientResponse res = c.read(r.method(), r.uri(), limits);
            pool.release(c);
            return res;
        });
    }

    /**
     * Sends {@code request} and returns once the response head is here, its body left to read as it
     * arrives from {@link StreamedResponse#body()}, in bounded memory (the connection's read buffer):
     * for endless or large bodies (a watch, server-sent events, a download). The timeout (the
     * request's or the client's) covers the request and the response head only; the body's reads
     * wait as long as the server takes (close the response from another coro, or wrap the reads in
     * {@code Coro.withTimeout}, to bound them). The response holds its connection until it is closed,
     * so close it (try-with-resources). Redirects are not followed: a 3xx is returned as it is.
     * Limits.maxBody does not apply to a streamed body; the chunk-size line and trailers are bounded.
     *
     * @throws IOException if the server cannot be reached, or its head is malformed or does not come
     *     in time ({@link io.shrapnel.kernel.TimeoutError})
     */
    public StreamedResponse stream(ClientRequest request) throws IOException {
        Duration t = request.timeout() != null ? request.timeout() : timeout;
        Limits unboundedBody = limits.withMaxBody(Long.MAX_VALUE);
        return call(t, () -> exchange(request, c -> {
            ClientConnection.Answer a = c.readHead(request.method(), limits);
            BodyInput body = BodyInput.of(a.framing(), c.in, unboundedBody);
            return new StreamedResponse(request.uri(), a.head(), c, pool, body);
        }));
    }

    /** Reads the response of an exchange on connection {@code c}; on success it owns (releases) {@code c}. */
    @FunctionalInterface
    private interface ResponseReader<T> {
        T read(ClientConnection c) throws IOException;
    }

    /**
     * Writes {@code r} on a pooled connection and reads its answer with {@code reader}; a request met
     * by a stale kept-alive connection is sent once more on a new one if it can be.
     */
    private <T> T exchange(ClientRequest r, ResponseReader<T> reader) throws IOException {
        Origin origin = Origin.of(r.uri());
        for (int attempt = 0; ; attempt++) {
            ClientConnection c = pool.acquire(origin, this::dial);
            boolean reused = c.uses > 0;
            try {
                c.write(r, proxy != null && !origin.isTls());
                c.out.flush();
                return reader.read(c);
            } catch (IOException e) {
                c.close();
                pool.release(c);
                boolean stale = reused && !c.answered && (e instanceof EOFException || isReset(e));
                if (stale && attempt == 0 && r.isIdempotent() && r.isReplayable()) {
                    continue;
                }
                throw e;
            } catch (RuntimeException | Error e) {
                c.close();
                pool.release(c);
                throw e;
            }
        }
    }

    private static boolean isReset(IOException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("reset") || m.contains("Broken pipe") || e instanceof io.shrapnel.net.EofError;
    }

    /**
     * Sends {@code requests} (all to one origin) on one connection without waiting for the responses
     * in between (HTTP pipelining), then reads the responses, in order.
     */
    public List<ClientResponse> pipeline(List<ClientRequest> requests) throws IOException {
        if (requests.isEmpty()) {
            return List.of();
        }
        Origin origin = Origin.of(requests.get(0).uri());
        for (ClientRequest r : requests) {
            if (!Origin.of(r.uri()).equals(origin)) {
                throw new IllegalArgumentException("a pipeline goes to one origin: " + r.uri() + " is not on " + origin);
            }
        }
        return call(timeout, () -> {
            ClientConnection c = pool.acquire(origin, this::dial);
            try {
                for (ClientRequest r : requests) {
                    c.write(r, proxy != null && !origin.isTls());
                }
                c.out.flush();
                List<ClientResponse> out = new ArrayList<>(requests.size());
                for (ClientRequest r : requests) {
                    if (!c.reusable) {
                        throw new IOException("the server closed the pipeline after " + out.size() + " of " + requests.size() + " responses");
                    }
                    out.add(c.read(r.method(), r.uri(), limits));
                }
                pool.release(c);
                return out;
            } catch (IOException | RuntimeException | Error e) {
                c.close();
                pool.release(c);
                throw e;
            }
        });
    }

    private ClientConnection dial(Origin o) throws IOException {
        TcpSock sock = TcpSock.create();
        try {
            sock.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true); // requests leave in one write each
            if (proxy != null) {
                sock.connect(proxy);
                if (o.isTls()) {
                    tunnel(sock, o);
                }
            } else {
                sock.connect(o.host(), o.port());
            }
            Conn conn = sock;
            if (o.isTls()) {
                conn = tls().wrap(sock, o.host(), o.port());
            }
            return new ClientConnection(o, new ConnTransport(conn));
        } catch (IOException | RuntimeException | Error e) {
            sock.close();
            throw e;
        }
    }

    /** The TLS of https:// connections: the builder's, or the JDK's trust store with host name checks. */
    private Tls tls() throws IOException {
        if (tls == null) {
            TlsConfig config;
            try {
                config = TlsConfig.client().build();
            } catch (java.security.GeneralSecurityException e) {
                throw new IOException("cannot load the JDK's CA certificates for https://", e);
            }
            tls = tlsWith(config);
        }
        return tls;
    }

    private static Tls tlsWith(TlsConfig config) {
        return (sock, host, port) -> {
            TlsSock t = TlsSock.client(sock, config, host);
            t.handshake();
            return t;
        };
    }

    /** Asks the proxy for a tunnel to {@code o} (CONNECT host:port) before TLS starts inside it. */
    private void tunnel(TcpSock sock, Origin o) throws IOException {
        ConnTransport t = new ConnTransport(sock);
        HttpOutput out = new HttpOutput(t, 512);
        String authority = (o.host().indexOf(':') >= 0 ? "[" + o.host() + "]" : o.host()) + ":" + o.port();
        out.writeLatin1("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n");
        out.flush();
        HttpInput in = new HttpInput(t, 8192);
        HeadParser.ResponseHead head = HeadParser.readResponse(in, limits);
        if (head == null || head.status() / 100 != 2) {
            throw new IOException("the proxy refused the tunnel to " + authority + (head != null ? ": " + head.status() + " " + head.reason() : ""));
        }
        if (in.buffered() != 0) {
            throw new HttpProtocolException(502, "the proxy sent bytes after its CONNECT response");
        }
    }

    /** Idle connections kept for {@code uri}'s origin (diagnostics). */
    public int idleConnections(String uri) {
        return pool.idle(Origin.of(URI.create(uri)));
    }

    /** Closes the idle connections; connections in use close when their exchange ends. */
    @Override
    public void close() {
        pool.close();
    }

    @FunctionalInterface
    private interface Call<T> {
        T call() throws IOException;
    }

    private static <T> T call(Duration t, Call<T> fn) throws IOException {
        try {
            return Coro.withTimeout(t, fn::call);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }
}
