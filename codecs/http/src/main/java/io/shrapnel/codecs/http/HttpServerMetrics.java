package io.shrapnel.codecs.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What one {@link HttpServer} has answered: responses by status class (each response head written,
 * refusals of bad requests included) and its connections. Monitoring reads {@link #live()} to
 * show every server that runs.
 *
 * <p>Cost: one array increment per response, on the server's loop; nothing is allocated per request.
 *
 * <p>Threading: the counters are written only on the server's loop (plain fields) and read racily
 * from any thread by {@link #snapshot()}: each is monotonic, a snapshot may be a response behind.
 */
public final class HttpServerMetrics {
    private static final List<HttpServerMetrics> LIVE = new CopyOnWriteArrayList<>();

    private final HttpServer server;
    /** Responses by {@code status / 100}; index 0 for a status outside 100-599. Loop-written. */
    private final long[] responses = new long[6];
    private volatile String address = "";

    HttpServerMetrics(HttpServer server) {
        this.server = server;
    }

    /** The metrics of every server started and not yet stopped, oldest first. Any thread. */
    public static List<HttpServerMetrics> live() {
        return List.copyOf(LIVE);
    }

    /** The server listens on {@code address}: listed by {@link #live()} from now on. */
    void started(SocketAddress address) {
        this.address = address instanceof InetSocketAddress a
                ? (a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress()) + ":" + a.getPort()
                : String.valueOf(address);
        LIVE.add(this);
    }

    /** The server stopped: no longer listed. */
    void stopped() {
        LIVE.remove(this);
    }

    /** A response head with {@code status} was written. On the server's loop. */
    void responded(int status) {
        int c = status / 100;
        responses[c >= 1 && c <= 5 ? c : 0]++;
    }

    /** The counters now (racy: see the class comment). Any thread. */
    public Snapshot snapshot() {
        return new Snapshot(address, server.connectionCount(), server.accepted(), server.refused(),
                server.closedIdle(), responses[1], responses[2], responses[3], responses[4], responses[5]);
    }

    /**
     * One server's counters, since it started.
     *
     * @param address where it listens, as {@code host:port}
     * @param openConnections connections served right now
     * @param accepted connections accepted
     * @param refused connections refused with 503 for being over a connection limit (not counted below)
     * @param closedIdle idle connections closed to make room for new ones
     * @param informational 1xx responses (WebSocket upgrades: 101)
     * @param successful 2xx responses
     * @param redirection 3xx responses
     * @param clientErrors 4xx responses (bad requests refused by the server included)
     * @param serverErrors 5xx responses (handlers that failed or timed out included)
     */
    public record Snapshot(String address, int openConnections, long accepted, long refused, long closedIdle,
                           long informational, long successful, long redirection, long clientErrors,
                           long serverErrors) {
        /** Responses of every status class. */
        public long responses() {
            return informational + successful + redirection + clientErrors + serverErrors;
        }
    }
}
