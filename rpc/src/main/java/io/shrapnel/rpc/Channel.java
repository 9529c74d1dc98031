package io.shrapnel.rpc;

import com.google.protobuf.MessageLite;
import io.shrapnel.kernel.Coro;
import io.shrapnel.net.Conn;
import io.shrapnel.net.TcpSock;
import java.io.IOException;
import java.util.Objects;

/**
 * A client's connection to one server, carrying any number of concurrent calls. Generated clients
 * call through it ({@code Greeter.client(channel).sayHello(req)}); the four methods below are what
 * they use and may be called directly with a {@link Method}.
 *
 * <pre>{@code
 * try (Channel channel = Channel.connect("localhost", 27001)) {
 *     Greeter.Client greeter = Greeter.client(channel);
 *     HelloReply r = greeter.sayHello(HelloRequest.newBuilder().setName("coro").build());
 * }
 * }</pre>
 *
 * <p>A lost connection is made again by the next call, with exponential back-off and jitter
 * between attempts ({@link Backoff}); while the back-off runs, calls fail at once with UNAVAILABLE.
 *
 * <p>Deadlines: a call's deadline is the earlier of its {@link CallOptions} timeout and, when made
 * from a server call's coro, that call's deadline (unless propagation is off). The server sees the
 * time left and runs its handler under {@code withTimeout}.
 *
 * <p>Threading: a channel belongs to the loop of the coro that made it; call it from coros of that
 * loop. {@link #close()} from that loop as well.
 */
public final class Channel implements AutoCloseable {
    /** Makes a new connection to the same server (null: the channel cannot reconnect). */
    @FunctionalInterface
    public interface Connector {
        Conn connect() throws IOException;
    }

    private final RpcConfig config;
    private final String target;
    private final Connector connector;
    private final Backoff backoff = new Backoff();
    private Connection connection;
    private ClientSide side;
    private boolean closed;

    private Channel(Conn conn, RpcConfig config, String target, Connector connector) {
        this.config = config;
        this.target = target;
        this.connector = connector;
        attach(conn);
    }

    private void attach(Conn conn) {
        RpcJmx.registerOnce();
        side = new ClientSide(RpcStats.CLIENT);
        connection = new Connection(conn, config, side, target, RpcStats.CLIENT);
        side.connection = connection;
        connection.start();
    }

    /**
     * The connection, made again if it was lost and the back-off allows an attempt now; otherwise
     * the call fails at once with UNAVAILABLE (no caller waits for a server that is down).
     */
    private void reconnectIfLost() throws RpcException {
        if (connection.isOpen() || closed || connector == null) {
            return;
        }
        long now = connection.loop.clock().nanoTime();
        if (!backoff.mayTry(now)) {
            throw new RpcException(StatusCode.UNAVAILABLE, target + " is unreachable; next attempt in "
                    + backoff.waitMillis(now) + " ms (" + connection.closedBecause().description() + ")");
        }
        try {
            attach(connector.connect());
            backoff.succeeded();
        } catch (IOException e) {
            backoff.failed(now);
            throw new RpcException(StatusCode.UNAVAILABLE, "reconnecting to " + target + " failed: " + e.getMessage(), e);
        }
    }

    /** Connects to {@code host:port} (the host resolved by the library's resolver) with default limits. */
    public static Channel connect(String host, int port) throws IOException {
        return connect(host, port, RpcConfig.DEFAULT);
    }

    /** Connects to {@code host:port} with {@code config}. Call from a coro. */
    public static Channel connect(String host, int port, RpcConfig config) throws IOException {
        Connector connector = () -> {
            TcpSock sock = TcpSock.create();
            try {
                sock.connect(host, port);
                sock.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            } catch (IOException | RuntimeException e) {
                sock.close();
                throw e;
            }
            return sock;
        };
        return new Channel(connector.connect(), config, host + ":" + port, connector);
    }

    /**
     * A channel over a connection made by the caller: a {@code TlsSock} (mutual TLS with the
     * library's {@code TlsConfig}), a Unix socket, or a socket with options of your own. Such a
     * channel does not reconnect; use {@link #reconnecting} for one that does.
     */
    public static Channel over(Conn conn, RpcConfig config) {
        return new Channel(Objects.requireNonNull(conn, "conn"), config, String.valueOf(safePeer(conn)), null);
    }

    /** A channel over connections made by {@code connector}, made again (with back-off) when lost. */
    public static Channel reconnecting(Connector connector, RpcConfig config) throws IOException {
        Conn first = connector.connect();
        return new Channel(first, config, String.valueOf(safePeer(first)), connector);
    }

    private static Object safePeer(Conn conn) {
        try {
            return conn.peerAddress();
        } catch (IOException e) {
            return "?";
        }
    }

    /** Makes a unary call. */
    public <Q extends MessageLite, R extends MessageLite> R unary(Method<Q, R> method, Q request, CallOptions options)
            throws RpcException {
        try (ClientCall<Q, R> call = open(method, options)) {
            call.sendOnly(request);
            R response = call.receive();
            if (response == null) {
                throw new RpcException(StatusCode.INTERNAL, method.fullName() + " ended without a response");
            }
            if (call.receive() != null) {
                throw new RpcException(StatusCode.INTERNAL, method.fullName() + " sent more than one response");
            }
            return response;
        }
    }

    /** Starts a server-streaming call; read the responses from the result. */
    public <Q extends MessageLite, R extends MessageLite> Responses<R> serverStreaming(
            Method<Q, R> method, Q request, CallOptions options) throws RpcException {
        ClientCall<Q, R> call = open(method, options);
        call.sendOnly(request);
        return call;
    }

    /** Starts a client-streaming call: send requests, then {@link Call#finish()}. */
    public <Q extends MessageLite, R extends MessageLite> Call<Q, R> clientStreaming(Method<Q, R> method, CallOptions options)
            throws RpcException {
        return open(method, options);
    }

    /** Starts a bidirectional call. */
    public <Q extends MessageLite, R extends MessageLite> Call<Q, R> bidi(Method<Q, R> method, CallOptions options)
            throws RpcException {
        return open(method, options);
    }

    private <Q extends MessageLite, R extends MessageLite> ClientCall<Q, R> open(Method<Q, R> method, CallOptions options)
            throws RpcException {
        Objects.requireNonNull(method, "method");
        Coro me = Coro.current();
        if (me == null || me.scheduler() != connection.loop) {
            throw new IllegalStateException("call " + method.fullName() + " from a coro of the channel's loop ("
                    + connection.loop.name() + "), not from " + (me == null ? Thread.currentThread() : me));
        }
        reconnectIfLost();
        long deadline = Long.MAX_VALUE;
        if (options.timeout() != null) {
            deadline = connection.loop.clock().nanoTime() + Math.min(options.timeout().toNanos(), Long.MAX_VALUE / 4);
        }
        if (options.propagateDeadline()) {
            RpcContext ctx = RpcContext.current();
            if (ctx != null && ctx.deadline() < deadline) {
                deadline = ctx.deadline();
            }
        }
        return side.open(method, options, deadline);
    }

    /** True until the connection is closed or lost. */
    public boolean isOpen() {
        return connection.isOpen();
    }

    /** The current connection (tests look at its idle state). */
    Connection connection() {
        return connection;
    }

    /** Calls in flight on this channel. */
    public int inFlight() {
        return side.inFlight();
    }

    /** Closes the connection; calls in flight fail with UNAVAILABLE. */
    @Override
    public void close() {
        closed = true;
        connection.close(new RpcException(StatusCode.UNAVAILABLE, "channel to " + target + " closed"));
    }

    @Override
    public String toString() {
        return "Channel(" + target + (connection.isOpen() ? "" : ", closed") + ")";
    }
}
