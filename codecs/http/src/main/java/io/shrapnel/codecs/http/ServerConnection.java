package io.shrapnel.codecs.http;

import io.shrapnel.kernel.Coro;
import io.shrapnel.net.TcpSock;
import java.net.InetAddress;

/**
 * One accepted connection of an {@link HttpServer}: its socket and client address from accept, its
 * coro from the client's first bytes, its session once the connection is ready for HTTP (after the
 * TLS handshake, if any). A connection whose client has not spoken holds no coro and no stack: an
 * idle keep-alive connection opened ahead of its first request costs its socket, its registration
 * and this object. A kept-alive connection that gave its coro up between requests ({@link
 * Limits#keepCoroWhileIdle()}) is back in that state, and gets a new coro and session from its next
 * bytes. The links of the {@link ConnectionTable}'s lists are fields here, so listing a connection
 * allocates nothing.
 *
 * <p>Threading: confined to the server's loop.
 */
final class ServerConnection implements IdleWatch, Runnable {
    final TcpSock sock;
    /** The client's address (null if the socket could not tell). */
    final InetAddress from;
    /** When it was accepted, on the loop's clock: the first request's deadline counts from here. */
    final long acceptedAt;
    private final ConnectionTable table;
    /** Null until the client's first bytes (or its close) arrive, and while it waits without a coro. */
    Coro coro;
    /** Null until the connection is ready for HTTP, and while it waits without a coro. */
    ServerSession session;
    /** It has served a request and gave its coro up to wait for the next one. */
    boolean keptAlive;
    /** While it waits with no coro: when it is closed (loop clock). */
    long deadline;
    /** Whether it is in the table (between {@link ConnectionTable#add} and {@link ConnectionTable#remove}). */
    boolean open;
    ServerConnection prevAll;
    ServerConnection nextAll;
    /** The waiting list this connection is in: the table's never-spoken or idle list, or null. */
    ConnectionList waitingIn;
    ServerConnection prevWaiting;
    ServerConnection nextWaiting;

    ServerConnection(TcpSock sock, InetAddress from, long acceptedAt, ConnectionTable table) {
        this.sock = sock;
        this.from = from;
        this.acceptedAt = acceptedAt;
        this.table = table;
    }

    /** Whether the connection has its coro now (its client spoke, and it has not given the coro up). */
    boolean started() {
        return coro != null;
    }

    @Override
    public void idle(ServerSession s) {
        table.idle(this);
    }

    @Override
    public void busy(ServerSession s) {
        table.busy(this);
    }

    /** The socket's readiness action: the client's first bytes (or its close) are here. */
    @Override
    public void run() {
        table.firstBytes(this);
    }

    @Override
    public String toString() {
        String state = coro != null ? " " + coro : keptAlive ? " (kept alive, waiting without a coro)" : " (has not spoken)";
        return "http connection from " + from + state;
    }
}
