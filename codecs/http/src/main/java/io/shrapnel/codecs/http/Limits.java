package io.shrapnel.codecs.http;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The limits that keep a hostile or broken peer from holding memory, descriptors or coros. Hardened
 * by default; change one with its {@code with} method:
 * {@code Limits.defaults().withMaxBody(100 << 20)}.
 *
 * @param maxRequestLine longest request line in bytes, CRLF included (longer: 414)
 * @param maxHeaderBytes most bytes of all header lines together, and of a chunked body's trailers (431)
 * @param maxHeaders most header fields (431)
 * @param maxBody largest request body in bytes, sized or chunked (413)
 * @param headerTimeout time from the first byte of a request to the end of its head (408, then close);
 *     what stops a slow client that trickles its headers
 * @param idleTimeout how long a keep-alive connection may wait for its next request
 * @param bodyTimeout longest wait for the next piece of a request body, and for a client to take
 *     the next piece of a response (then close)
 * @param maxConnections connections served at once; when one more comes, the connection idle the
 *     longest is closed to make room, and only if none is idle the new one is answered 503 and closed
 * @param maxWebSocketMessage largest WebSocket message, fragments together (close 1009)
 * @param firstRequestTimeout how long a new connection may take to send its first complete request
 *     head (then it is closed without a word): shorter than {@code idleTimeout}, so silent sockets
 *     cannot hold the connection slots
 * @param requestTimeout time from the first byte of a request to the end of its body, however the
 *     bytes trickle in (408, then close); what stops a client that sends a body one byte every
 *     {@code bodyTimeout} less a second
 * @param maxConnectionsPerAddress connections one client address may hold at once; one more is
 *     answered 503 and closed (loopback counts like any address: a load test from this machine
 *     raises it)
 * @param keepCoroWhileIdle how long a kept-alive connection waiting for its next request keeps its
 *     coro; then it gives the coro (and its stack) up and is watched for its next bytes with none, as
 *     a connection that has not spoken is, until {@code idleTimeout} has passed since its last
 *     response. A busy connection's next request comes sooner and finds its coro; an idle one costs
 *     its socket and a few small objects. Zero gives the coro up after every response; a value of
 *     at least {@code idleTimeout} never does. Plain TCP only: a TLS connection keeps its coro
 *     (its engine may hold decrypted bytes the socket's readiness cannot show).
 */
public record Limits(int maxRequestLine, int maxHeaderBytes, int maxHeaders, long maxBody,
                     Duration headerTimeout, Duration idleTimeout, Duration bodyTimeout, int maxConnections,
                     int maxWebSocketMessage, Duration firstRequestTimeout, Duration requestTimeout,
                     int maxConnectionsPerAddress, Duration keepCoroWhileIdle) {

    public Limits {
        positive(maxRequestLine, "maxRequestLine");
        positive(maxHeaderBytes, "maxHeaderBytes");
        positive(maxHeaders, "maxHeaders");
        positive(maxConnections, "maxConnections");
        positive(maxWebSocketMessage, "maxWebSocketMessage");
        positive(maxConnectionsPerAddress, "maxConnectionsPerAddress");
        for (Duration d : new Duration[] {headerTimeout, idleTimeout, bodyTimeout, firstRequestTimeout, requestTimeout, keepCoroWhileIdle}) {
            Objects.requireNonNull(d, "timeouts must not be null");
        }
        if (keepCoroWhileIdle.isNegative()) {
            throw new IllegalArgumentException("keepCoroWhileIdle must be >= 0, not " + keepCoroWhileIdle);
        }
        if (maxBody < 0) {
            throw new IllegalArgumentException("maxBody must be >= 0, not " + maxBody);
        }
        if (maxRequestLine > 65536 || maxHeaderBytes > 1 << 20) {
            throw new IllegalArgumentException("maxRequestLine is at most 64 KiB and maxHeaderBytes at most 1 MiB;"
                    + " a head that large is an attack, not a request");
        }
    }

    private static void positive(long v, String name) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, not " + v);
        }
    }

    /**
     * 8 KiB request line, 16 KiB and 100 headers, 10 MiB body, 10 s head, 60 s idle, 30 s per body
     * read or write, 10,000 connections, 1 MiB WebSocket messages, 10 s to the first request, 60 s
     * per request (head and body), 1,000 connections per client address, a kept-alive connection's
     * coro kept for 1 s of idleness.
     */
    public static Limits defaults() {
        return new Limits(8192, 16384, 100, 10L << 20, Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofSeconds(30), 10_000, 1 << 20, Duration.ofSeconds(10), Duration.ofSeconds(60), 1000,
                Duration.ofSeconds(1));
    }

    /** A mutable copy for the {@code with} methods. */
    private static final class Draft {
        int maxRequestLine;
        int maxHeaderBytes;
        int maxHeaders;
        long maxBody;
        Duration headerTimeout;
        Duration idleTimeout;
        Duration bodyTimeout;
        int maxConnections;
        int maxWebSocketMessage;
        Duration firstRequestTimeout;
        Duration requestTimeout;
        int maxConnectionsPerAddress;
        Duration keepCoroWhileIdle;

        Draft(Limits l) {
            maxRequestLine = l.maxRequestLine;
            maxHeaderBytes = l.maxHeaderBytes;
            maxHeaders = l.maxHeaders;
            maxBody = l.maxBody;
            headerTimeout = l.headerTimeout;
            idleTimeout = l.idleTimeout;
            bodyTimeout = l.bodyTimeout;
            maxConnections = l.maxConnections;
            maxWebSocketMessage = l.maxWebSocketMessage;
            firstRequestTimeout = l.firstRequestTimeout;
            requestTimeout = l.requestTimeout;
            maxConnectionsPerAddress = l.maxConnectionsPerAddress;
            keepCoroWhileIdle = l.keepCoroWhileIdle;
        }

        Limits build() {
            return new Limits(maxRequestLine, maxHeaderBytes, maxHeaders, maxBody, headerTimeout, idleTimeout,
                    bodyTimeout, maxConnections, maxWebSocketMessage, firstRequestTimeout, requestTimeout,
                    maxConnectionsPerAddress, keepCoroWhileIdle);
        }
    }

    private Limits with(Consumer<Draft> change) {
        Draft d = new Draft(this);
        change.accept(d);
        return d.build();
    }

    public Limits withMaxRequestLine(int v) {
        return with(d -> d.maxRequestLine = v);
    }

    public Limits withMaxHeaderBytes(int v) {
        return with(d -> d.maxHeaderBytes = v);
    }

    public Limits withMaxHeaders(int v) {
        return with(d -> d.maxHeaders = v);
    }

    public Limits withMaxBody(long v) {
        return with(d -> d.maxBody = v);
    }

    public Limits withHeaderTimeout(Duration v) {
        return with(d -> d.headerTimeout = v);
    }

    public Limits withIdleTimeout(Duration v) {
        return with(d -> d.idleTimeout = v);
    }

    public Limits withBodyTimeout(Duration v) {
        return with(d -> d.bodyTimeout = v);
    }

    public Limits withMaxConnections(int v) {
        return with(d -> d.maxConnections = v);
    }

    public Limits withMaxWebSocketMessage(int v) {
        return with(d -> d.maxWebSocketMessage = v);
    }

    public Limits withFirstRequestTimeout(Duration v) {
        return with(d -> d.firstRequestTimeout = v);
    }

    public Limits withRequestTimeout(Duration v) {
        return with(d -> d.requestTimeout = v);
    }

    public Limits withMaxConnectionsPerAddress(int v) {
        return with(d -> d.maxConnectionsPerAddress = v);
    }

    public Limits withKeepCoroWhileIdle(Duration v) {
        return with(d -> d.keepCoroWhileIdle = v);
    }

    /** Whether a kept-alive connection gives its coro up before its idle timeout (see {@code keepCoroWhileIdle}). */
    boolean releasesIdleCoro() {
        return keepCoroWhileIdle.compareTo(idleTimeout) < 0;
    }
}
