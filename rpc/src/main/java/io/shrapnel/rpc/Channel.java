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
 * <p>Deadlines: a call's deadline is the earlier of its {@link CallOptions} timeout and, when made
 * from a server call's coro, that call's deadline (unless propagation is off). The server sees the
 * time left and runs its handler under {@code withTimeout}.
 *
 * <p>Threading: a channel belongs to the loop of the coro that made it; call it from coros of that
 * loop. {@link #close()} from that loop as well.
 */
public final class Channel implements AutoCloseable {
    private final Connection connection;
    private final ClientSide side;
    private final String target;

    private Channel(Conn conn, RpcConfig config, String target) {
        this.side = new ClientSide(RpcStats.CLIENT);
        this.connection = new Connection(conn, config, side, target);
        this.side.connection = connection;
        this.target = target;
        connection.start();
    }

    /** Connects to {@code host:port} (the host resolved by the library's resolver) with default limits. */
    public static Channel connect(String host, int port) throws IOException {
        return connect(host, port, RpcConfig.DEFAULT);
    }

    /** Connects to {@code host:port} with {@code config}. Call from a coro. */
    public static Channel connect(String host, int port, RpcConfig config) throws IOException {
        TcpSock sock = TcpSock.create();
        try {
            sock.connect(host, port);
            sock.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException | RuntimeException e) {
            sock.close();
            throw e;
        }
        return new Channel(sock, config, host + ":" + port);
    }

    /**
     * A channel over a connection made by the caller: a {@code TlsSock} (mutual TLS with the
     * library's {@code TlsConfig}), a Unix socket, or a socket with options of your own.
     */
    public static Channel over(Conn conn, RpcConfig config) {
        return new Channel(Objects.requireNonNull(conn, "conn"), config, String.valueOf(safePeer(conn)));
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

    /** Calls in flight on this channel. */
    public int inFlight() {
        return side.inFlight();
    }

    /** Closes the connection; calls in flight fail with UNAVAILABLE. */
    @Override
    public void close() {
        connection.close(new RpcException(StatusCode.UNAVAILABLE, "channel to " + target + " closed"));
    }

    @Override
    public String toString() {
        return "Channel(" + target + (connection.isOpen() ? "" : ", closed") + ")";
    }
}
