package io.shrapnel.monitoring;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.rmi.NoSuchObjectException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.RMIServerSocketFactory;
import java.rmi.server.UnicastRemoteObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.MBeanServer;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;

/**
 * A remote JMX connector on the loopback interface only: an RMI registry and the RMI connector
 * server, both bound to 127.0.0.1, so JConsole, VisualVM or any JMX client on the same machine can
 * connect to {@link #url()} ({@code service:jmx:rmi:///jndi/rmi://127.0.0.1:<port>/jmxrmi}).
 * No authentication and no TLS: anyone who can open a loopback socket on this machine gets in.
 * For remote access, tunnel it (ssh -L) or use the JDK's own agent with its password and TLS options.
 *
 * <pre>{@code
 * Monitoring.registerMBeans();
 * JmxEndpoint jmx = JmxEndpoint.startLoopback(9010);   // jconsole 127.0.0.1:9010
 * }</pre>
 *
 * <p>RMI stubs carry the host name clients must call back: unless the application set
 * {@code java.rmi.server.hostname}, this sets it to 127.0.0.1 (before the first RMI export of the
 * process, or it has no effect), since nothing listens on the machine's other addresses.
 *
 * <p>Threading: start and close from any thread; the connector serves on RMI's own threads.
 */
public final class JmxEndpoint implements AutoCloseable {
    private final Registry registry;
    private final JMXConnectorServer server;
    private final int port;

    private JmxEndpoint(Registry registry, JMXConnectorServer server, int port) {
        this.registry = registry;
        this.server = server;
        this.port = port;
    }

    /** Starts the registry and the connector on 127.0.0.1:{@code port} (0: a free port) for the platform MBean server. */
    public static JmxEndpoint startLoopback(int port) throws IOException {
        return startLoopback(port, ManagementFactory.getPlatformMBeanServer());
    }

    /** Starts the registry and the connector on 127.0.0.1:{@code port} (0: a free port) for {@code mbeans}. */
    public static JmxEndpoint startLoopback(int port, MBeanServer mbeans) throws IOException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535 (0 picks a free one), not " + port);
        }
        if (System.getProperty("java.rmi.server.hostname") == null) {
            System.setProperty("java.rmi.server.hostname", "127.0.0.1");
        }
        LoopbackSockets sockets = new LoopbackSockets();
        Registry registry = LocateRegistry.createRegistry(port, null, sockets);
        int registryPort = port != 0 ? port : sockets.firstPort();
        try {
            // The connector's own object on the same port as the registry when one was given (one port to
            // open or tunnel); else on a free one.
            JMXServiceURL url = new JMXServiceURL("service:jmx:rmi://127.0.0.1:" + port
                    + "/jndi/rmi://127.0.0.1:" + registryPort + "/jmxrmi");
            Map<String, Object> env = Map.of(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, sockets);
            JMXConnectorServer server = JMXConnectorServerFactory.newJMXConnectorServer(url, env, mbeans);
            server.start();
            return new JmxEndpoint(registry, server, registryPort);
        } catch (IOException | RuntimeException e) {
            unexport(registry);
            throw e;
        }
    }

    /** The URL a JMX client connects to. */
    public JMXServiceURL url() {
        return server.getAddress();
    }

    /** The registry's port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** Stops the connector (closing its client connections) and the registry. */
    @Override
    public void close() throws IOException {
        try {
            server.stop();
        } finally {
            unexport(registry);
        }
    }

    private static void unexport(Registry registry) {
        try {
            UnicastRemoteObject.unexportObject(registry, true);
        } catch (NoSuchObjectException alreadyGone) {
            // nothing to do
        }
    }

    /**
     * Server sockets on 127.0.0.1 only (RMI's default binds every address). One instance serves both
     * the registry and the connector, so that RMI, which shares a port between exports whose socket
     * factories are equal, can put both on one port.
     */
    private static final class LoopbackSockets implements RMIServerSocketFactory {
        private final List<ServerSocket> made = new CopyOnWriteArrayList<>();

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            ServerSocket s = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
            made.add(s);
            return s;
        }

        int firstPort() {
            if (made.isEmpty()) {
                throw new IllegalStateException("the RMI registry opened no server socket");
            }
            return made.get(0).getLocalPort();
        }
    }
}
