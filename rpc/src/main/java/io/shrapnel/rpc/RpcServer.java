package io.shrapnel.rpc;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Interrupted;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.net.Conn;
import io.shrapnel.net.TcpSock;
import io.shrapnel.rpc.health.Health;
import io.shrapnel.rpc.health.HealthCheckRequest;
import io.shrapnel.rpc.health.HealthCheckResponse;
import io.shrapnel.rpc.health.ListServicesRequest;
import io.shrapnel.rpc.health.ServiceList;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Serves services on a TCP port: an acceptor coro takes connections, each served by a
 * {@link Connection} whose calls run in coros named {@code rpc:<Service>/<method>}. Every server also
 * offers {@code shrapnel.rpc.Health} ({@code Check}, {@code ListServices}).
 *
 * <pre>{@code
 * RpcServer server = RpcServer.start(new InetSocketAddress("127.0.0.1", 27001), RpcConfig.DEFAULT,
 *         new GreeterImpl());
 * ...
 * server.close();
 * }</pre>
 *
 * <p>Threading: belongs to the loop of the coro that started it; {@link #close()} from that loop.
 */
public final class RpcServer implements AutoCloseable {
    private final RpcConfig config;
    private final Map<String, ServiceDefinition.Entry> methods = new HashMap<>();
    private final List<String> services;
    private final List<Connection> connections = new ArrayList<>();
    private final Scheduler loop;
    private TcpSock listener;
    private Coro acceptor;
    private volatile boolean serving = true;

    private RpcServer(RpcConfig config, List<RpcService> offered) {
        this.config = config;
        this.loop = Scheduler.current();
        RpcJmx.registerOnce();
        TreeSet<String> names = new TreeSet<>();
        List<ServiceDefinition> defs = new ArrayList<>();
        for (RpcService s : offered) {
            defs.add(s.definition());
        }
        defs.add(new HealthService().definition());
        for (ServiceDefinition d : defs) {
            if (!names.add(d.name())) {
                throw new IllegalArgumentException("service " + d.name() + " is offered twice");
            }
            methods.putAll(d.entries());
        }
        this.services = List.copyOf(names);
    }

    /** A server without a listener, for connections accepted by the caller ({@link #serve}). */
    public static RpcServer create(RpcConfig config, RpcService... services) {
        if (Coro.current() == null) {
            throw new IllegalStateException("create an RpcServer from a coro (its loop serves it)");
        }
        return new RpcServer(config, List.of(services));
    }

    /** Listens on {@code address} and serves every connection. Call from a coro. */
    public static RpcServer start(InetSocketAddress address, RpcConfig config, RpcService... services)
            throws IOException {
        RpcServer server = create(config, services);
        server.listener = TcpSock.create();
        try {
            server.listener.bind(address);
            server.listener.listen(1024);
        } catch (IOException | RuntimeException e) {
            server.listener.close();
            throw e;
        }
        server.acceptor = server.loop.spawn("rpc-acceptor " + address, server::acceptLoop);
        return server;
    }

    private void acceptLoop() {
        try {
            while (serving) {
                TcpSock conn = listener.accept();
                try {
                    conn.setOption(StandardSocketOptions.TCP_NODELAY, true);
                } catch (IOException ignored) {
                    // not fatal: the connection works without it
                }
                serve(conn);
            }
        } catch (IOException | Interrupted e) {
            // listener closed
        }
    }

    /** Serves one connection (a plain socket, or a {@code TlsSock} the caller accepted). */
    public void serve(Conn conn) {
        ServerSide side = new ServerSide(methods);
        Connection c = new Connection(conn, config, side, String.valueOf(peer(conn)), RpcStats.SERVER);
        side.connection = c;
        connections.removeIf(x -> !x.isOpen());
        connections.add(c);
        c.start();
    }

    private static Object peer(Conn conn) {
        try {
            return conn.peerAddress();
        } catch (IOException e) {
            return "?";
        }
    }

    /** The port it listens on. */
    public int port() throws IOException {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Full names of the services offered, sorted (the health service included). */
    public List<String> services() {
        return services;
    }

    /** Connections open now. */
    public int connections() {
        connections.removeIf(x -> !x.isOpen());
        return connections.size();
    }

    /** Stops listening and closes every connection (their calls are interrupted). */
    @Override
    public void close() {
        serving = false;
        if (listener != null) {
            try {
                listener.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
        for (Connection c : new ArrayList<>(connections)) {
            c.close(new RpcException(StatusCode.UNAVAILABLE, "server shut down"));
        }
        connections.clear();
    }

    /** The built-in health service: SERVING for the server and every service it offers. */
    private final class HealthService extends Health.Service {
        @Override
        public HealthCheckResponse check(HealthCheckRequest request) {
            boolean known = request.getService().isEmpty() || services.contains(request.getService());
            return HealthCheckResponse.newBuilder()
                    .setStatus(!known ? HealthCheckResponse.ServingStatus.SERVICE_UNKNOWN
                            : serving ? HealthCheckResponse.ServingStatus.SERVING
                            : HealthCheckResponse.ServingStatus.NOT_SERVING)
                    .build();
        }

        @Override
        public ServiceList listServices(ListServicesRequest request) {
            return ServiceList.newBuilder().addAllServices(Collections.unmodifiableList(services)).build();
        }
    }
}
