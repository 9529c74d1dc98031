package io.shrapnel.codecs.http;

import java.time.Duration;

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
 * @param bodyTimeout longest wait for the next piece of a request body (then close)
 * @param maxConnections connections served at once; one more is answered 503 and closed
 * @param maxWebSocketMessage largest WebSocket message, fragments together (close 1009)
 */
public record Limits(int maxRequestLine, int maxHeaderBytes, int maxHeaders, long maxBody,
                     Duration headerTimeout, Duration idleTimeout, Duration bodyTimeout, int maxConnections,
                     int maxWebSocketMessage) {

    public Limits {
        positive(maxRequestLine, "maxRequestLine");
        positive(maxHeaderBytes, "maxHeaderBytes");
        positive(maxHeaders, "maxHeaders");
        positive(maxConnections, "maxConnections");
        positive(maxWebSocketMessage, "maxWebSocketMessage");
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

    /** 8 KiB request line, 16 KiB and 100 headers, 10 MiB body, 10 s head, 60 s idle, 30 s body, 10,000 connections, 1 MiB WebSocket messages. */
    public static Limits defaults() {
        return new Limits(8192, 16384, 100, 10L << 20, Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofSeconds(30), 10_000, 1 << 20);
    }

    public Limits withMaxRequestLine(int v) {
        return new Limits(v, maxHeaderBytes, maxHeaders, maxBody, headerTimeout, idleTimeout, bodyTimeout, maxConnections, maxWebSocketMessage);
    }

    public Limits withMaxHeaderBytes(int v) {
        return new Limits(maxRequestLine, v, maxHeaders, maxBody, headerTimeout, idleTimeout, bodyTimeout, maxConnections, maxWebSocketMessage);
    }

    public Limits withMaxHeaders(int v) {
        return new Limits(maxRequestLine, maxHeaderBytes, v, maxBody, headerTimeout, idleTimeout, bodyTimeout, maxConnections, maxWebSocketMessage);
    }

    public Limits withMaxBody(long v) {
        return new Limits(maxRequestLine, maxHeaderBytes, maxHeaders, v, headerTimeout, idleTimeout, bodyTimeout, maxConnections, maxWebSocketMessage);
    }

    public Limits withHeaderTimeout(Duration v) {
        return new Limits(maxRequestLine, maxHeaderBytes, maxHeaders, maxBody, v, idleTimeout, bodyTimeout, maxConnections, maxWebSocketMessage);
    }

    public Limits withIdleTimeout(Duration v) {
        return new Limits(maxRequestLine, maxHeaderBytes, maxHeaders, maxBody, headerTimeout, v, bodyTimeout, maxConnections, maxWebSocketMessage);
    }

    public Limits withBodyTimeout(Duration v) {
        return new Limits(maxRequestLine, maxHeaderBytes, maxHeaders, maxBody, headerTimeout, idleTimeout, v, maxConnections, maxWebSocketMessage);
    }

    public Limits withMaxConnections(int v) {
        return new Limits(maxRequestLine, maxHeaderBytes, maxHeaders, maxBody, headerTimeout, idleTimeout, bodyTimeout, v, maxWebSocketMessage);
    }

    public Limits withMaxWebSocketMessage(int v) {
        return new Limits(maxRequestLine, maxHeaderBytes, maxHeaders, maxBody, headerTimeout, idleTimeout, bodyTimeout, maxConnections, v);
    }
}
