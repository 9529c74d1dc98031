package io.shrapnel.rpc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * This JVM as a node of actors: it serves remote refs to the actors registered here (by
 * {@code Registry.register}) and links to other nodes ({@link #connect}).
 *
 * <pre>{@code
 * ActorNode node = ActorNode.start(new InetSocketAddress("127.0.0.1", 27100), serialisers);
 * RemoteNode other = node.connect("127.0.0.1", 27101);
 * ActorRef<HelloRequest> pong = other.ref("pong");
 * pong.tell(HelloRequest.newBuilder().setName("ping").build());
 * }</pre>
 *
 * <p>A lost node is noticed when its connection breaks or when nothing (not even a keepalive
 * answer) came for {@link #DEFAULT_CONFIG}'s keepalive timeout: 4 s after a 1 s ping interval, so
 * monitors see DOWN within 5 s. Pass another {@link RpcConfig} to change it.
 *
 * <p>Threading: the loop of the coro that started it.
 */
public final class ActorNode implements AutoCloseable {
    /** RPC defaults with heartbeats every second and a node declared lost after 4 s of silence. */
    public static final RpcConfig DEFAULT_CONFIG =
            RpcConfig.DEFAULT.withKeepalive(Duration.ofSeconds(1), Duration.ofSeconds(4));

    private final RpcServer server;
    private final Serialisers serialisers;
    private final RpcConfig config;

    private ActorNode(RpcServer server, Serialisers serialisers, RpcConfig config) {
        this.server = server;
        this.serialisers = serialisers;
        this.config = config;
    }

    /** Serves this node's actors on {@code address}. Call from a coro. */
    public static ActorNode start(InetSocketAddress address, Serialisers serialisers) throws IOException {
        return start(address, serialisers, DEFAULT_CONFIG);
    }

    public static ActorNode start(InetSocketAddress address, Serialisers serialisers, RpcConfig config)
            throws IOException {
        return new ActorNode(RpcServer.start(address, config, new ActorLinkService(serialisers)), serialisers, config);
    }

    /** Links to the node at {@code host:port}. Call from a coro of this node's loop. */
    public RemoteNode connect(String host, int port) throws IOException {
        return new RemoteNode(host + ":" + port, Channel.connect(host, port, config), serialisers);
    }

    public int port() throws IOException {
        return server.port();
    }

    /** Stops serving; links of other nodes to this one break (their monitors see NodeLost). */
    @Override
    public void close() {
        server.close();
    }
}
