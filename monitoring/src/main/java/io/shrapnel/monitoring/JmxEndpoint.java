package io.shrapnel.monitoring;

import io.shrapnel.monitoring.internal.jmx.BoundSockets;
import io.shrapnel.monitoring.internal.jmx.CredentialsFile;
import io.shrapnel.monitoring.internal.jmx.ExitWatch;
import io.shrapnel.monitoring.internal.jmx.JmxGuard;
import io.shrapnel.monitoring.internal.jmx.TokenAuthenticator;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.AlreadyBoundException;
import java.rmi.NoSuchObjectException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.RMIClientSocketFactory;
import java.rmi.server.UnicastRemoteObject;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import javax.management.MBeanServer;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import javax.management.remote.rmi.RMIJRMPServerImpl;
import javax.net.ssl.SSLContext;
import javax.rmi.ssl.SslRMIClientSocketFactory;

/**
 * A remote JMX connector (an RMI registry and the RMI connector server on one port), closed to
 * everyone but the server's own user by default:
 *
 * <ul>
 *   <li><b>Authenticated.</b> Clients must send a user name and a generated 128-bit password, which
 *       the endpoint writes with its URL to a credentials file of mode 0600 (default
 *       {@code ~/.shrapnel/jmx/<pid>-<port>.properties}): only the server's user (and root) can read
 *       it. JConsole asks for them; code passes {@link #environment()} to {@link JMXConnectorFactory}.
 *   <li><b>Loopback, or TLS.</b> It listens on 127.0.0.1 unless told another address, and an
 *       address beyond loopback needs {@link Builder#tls(SSLContext)}: the password never crosses a
 *       network in clear.
 *   <li><b>No code execution.</b> Operations and attribute writes on the JDK's diagnostic beans
 *       ({@code DiagnosticCommand}, and with it agent loading; {@code HotSpotDiagnostic}'s heap dump
 *       to a path of the client's choice and VM options; Flight Recorder) and every remote
 *       {@code createMBean}/{@code unregisterMBean}/class-loader method are refused with a
 *       {@link SecurityException}, unless {@link Builder#allowDiagnostics()} opens them.
 *   <li><b>A registry nobody can rebind.</b> Unless the application set
 *       {@code sun.rmi.registry.registryFilter} itself, the first endpoint sets it to refuse every
 *       object sent to the registry, so another local user cannot replace the entry {@code jmxrmi}
 *       with a stub of their own and collect the password of the next client.
 * </ul>
 *
 * <pre>{@code
 * Monitoring.registerMBeans();
 * JmxEndpoint jmx = JmxEndpoint.startLoopback(9010);          // jconsole: jmx.url(), user and password from
 * System.out.println(jmx.credentialsFile());                  //   this file
 * JmxEndpoint wide = JmxEndpoint.builder().address(InetAddress.getByName("10.0.0.5")).port(9010)
 *         .tls(sslContext).password(secret).start();          // beyond loopback: TLS required
 * }</pre>
 *
 * <p>RMI stubs carry the host name clients must call back: unless the application set
 * {@code java.rmi.server.hostname}, this sets it to the endpoint's address (before the first RMI
 * export of the process, or it has no effect).
 *
 * <p>An open endpoint does not keep the JVM alive: once {@code main} has returned (after
 * {@code Coro.setExit}, say) and only RMI's threads are left, a daemon watch closes it.
 *
 * <p>Threading: build and start on one thread; the accessors and close from any thread; the
 * connector serves on RMI's own threads.
 */
public final class JmxEndpoint implements AutoCloseable {
    /** The user name clients send beside the password. */
    public static final String USER = "shrapnel";
    private static final String REGISTRY_FILTER = "sun.rmi.registry.registryFilter";

    private final Registry registry;
    private final JMXConnectorServer server;
    private final JMXServiceURL url;
    private final int port;
    private final String password;
    private final Path credentialsFile;
    private final boolean tls;
    private final ExitWatch exitWatch;

    private JmxEndpoint(Registry registry, JMXConnectorServer server, JMXServiceURL url, int port, String password,
                        Path credentialsFile, boolean tls) {
        this.registry = registry;
        this.server = server;
        this.url = url;
        this.port = port;
        this.password = password;
        this.credentialsFile = credentialsFile;
        this.tls = tls;
        this.exitWatch = ExitWatch.start("shrapnel-jmx-exit-watch-" + port, this::closeAtExit);
    }

    /** The program has ended and only RMI keeps the JVM alive: let it go. */
    private void closeAtExit() {
        try {
            closeConnector();
        } catch (IOException | RuntimeException e) {
            System.err.println("closing the JMX endpoint on port " + port + " at exit: " + e);
        }
    }

    /** Starts an authenticated endpoint on 127.0.0.1:{@code port} (0: a free port) for the platform MBean server. */
    public static JmxEndpoint startLoopback(int port) throws IOException {
        return builder().port(port).start();
    }

    /** Starts an authenticated endpoint on 127.0.0.1:{@code port} (0: a free port) for {@code mbeans}. */
    public static JmxEndpoint startLoopback(int port, MBeanServer mbeans) throws IOException {
        return builder().port(port).mbeans(mbeans).start();
    }

    /** An endpoint to configure: 127.0.0.1, a free port, a generated password, diagnostics closed. */
    public static Builder builder() {
        return new Builder();
    }

    /** The URL a JMX client connects to ({@code service:jmx:rmi:///jndi/rmi://<host>:<port>/jmxrmi}). */
    public JMXServiceURL url() {
        return url;
    }

    /** The registry's (and the connector's) port. */
    public int port() {
        return port;
    }

    /** The file (mode 0600) holding the URL, user name and password, or null if none was written. */
    public Path credentialsFile() {
        return credentialsFile;
    }

    /**
     * What a client passes to {@link JMXConnectorFactory#connect(JMXServiceURL, Map)}: the credentials,
     * and TLS sockets for the registry when the endpoint uses TLS (the client's default
     * {@code SSLContext} must then trust the endpoint's certificate).
     */
    public Map<String, Object> environment() {
        Map<String, Object> env = new HashMap<>();
        env.put(JMXConnector.CREDENTIALS, new String[] {USER, password});
        if (tls) {
            env.put("com.sun.jndi.rmi.factory.socket", new SslRMIClientSocketFactory());
        }
        return env;
    }

    /** Connects to this endpoint with its credentials (for tools running in the same process, and tests). */
    public JMXConnector connect() throws IOException {
        return JMXConnectorFactory.connect(url, environment());
    }

    /** Stops the connector (closing its client connections) and the registry, and removes the credentials file. */
    @Override
    public void close() throws IOException {
        exitWatch.stop();
        closeConnector();
    }

    private void closeConnector() throws IOException {
        try {
            server.stop();
        } finally {
            unexport(registry);
            if (credentialsFile != null) {
                Files.deleteIfExists(credentialsFile);
            }
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
     * Configures a {@link JmxEndpoint}.
     *
     * <p>Threading: one thread.
     */
    public static final class Builder {
        private InetAddress address = InetAddress.getLoopbackAddress();
        private int port;
        private MBeanServer mbeans;
        private SSLContext tls;
        private String password;
        private Path credentialsFile;
        private boolean writeCredentials = true;
        private boolean diagnostics;

        private Builder() {
        }

        /** The port of the registry and the connector (0, the default: a free one). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535 (0 picks a free one), not " + port);
            }
            this.port = port;
            return this;
        }

        /** The address to listen on (default: loopback). Any other address needs {@link #tls}. */
        public Builder address(InetAddress address) {
            this.address = Objects.requireNonNull(address, "address");
            return this;
        }

        /** The MBean server to serve (default: the platform's). */
        public Builder mbeans(MBeanServer mbeans) {
            this.mbeans = Objects.requireNonNull(mbeans, "mbeans");
            return this;
        }

        /** TLS for the registry and the connector, with this context's key material. */
        public Builder tls(SSLContext context) {
            this.tls = Objects.requireNonNull(context, "context");
            return this;
        }

        /** This password instead of a generated one (at least 16 characters). */
        public Builder password(String password) {
            if (password == null || password.length() < 16 || password.isBlank()) {
                throw new IllegalArgumentException("a JMX password needs at least 16 characters "
                        + "(Backdoor.newToken() makes one), or leave it out for a generated one");
            }
            this.password = password;
            return this;
        }

        /** Where to write the credentials file (mode 0600; missing directories are made with mode 0700). */
        public Builder credentialsFile(Path file) {
            this.credentialsFile = Objects.requireNonNull(file, "file");
            this.writeCredentials = true;
            return this;
        }

        /** Writes no credentials file (the application hands the password out itself; see {@link #environment()}). */
        public Builder noCredentialsFile() {
            this.writeCredentials = false;
            this.credentialsFile = null;
            return this;
        }

        /**
         * Opens what is closed by default: the JDK's diagnostic beans ({@code DiagnosticCommand},
         * which can load a JVMTI agent, i.e. run any code as the server's user; heap dumps to any
         * path; VM options; Flight Recorder) and remote MBean creation, removal and class loaders.
         * Only for endpoints whose authenticated users may run code as the server's user anyway.
         */
        public Builder allowDiagnostics() {
            this.diagnostics = true;
            return this;
        }

        /** Listens, writes the credentials file, and returns the running endpoint. */
        public JmxEndpoint start() throws IOException {
            if (!address.isLoopbackAddress() && tls == null) {
                throw new IllegalArgumentException("a JMX endpoint on " + address.getHostAddress()
                        + " would send its password in clear: give it TLS (builder().tls(sslContext)), "
                        + "or listen on loopback and tunnel it (ssh -L 9010:127.0.0.1:9010 host)");
            }
            if (System.getProperty("java.rmi.server.hostname") == null) {
                System.setProperty("java.rmi.server.hostname", address.getHostAddress());
            }
            if (System.getProperty(REGISTRY_FILTER) == null) {
                // Read once, when the JDK's registry class is first used: refuse any object sent to a
                // registry (bind, rebind), while lookups (a String) pass. Our own bind is a local call.
                System.setProperty(REGISTRY_FILTER, "!*");
            }
            String secret = password != null ? password : Backdoor.newToken();
            BoundSockets sockets = new BoundSockets(address, tls);
            RMIClientSocketFactory clientSockets = tls != null ? new SslRMIClientSocketFactory() : null;
            Registry registry = LocateRegistry.createRegistry(port, clientSockets, sockets);
            int registryPort = port != 0 ? port : sockets.firstPort();
            String host = address.getHostAddress();
            host = host.contains(":") ? "[" + host + "]" : host;
            JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + host + ":" + registryPort + "/jmxrmi");
            try {
                Map<String, Object> env = new HashMap<>();
                env.put(JMXConnectorServer.AUTHENTICATOR, new TokenAuthenticator(USER, secret));
                env.put(RMIConnectorServer.CREDENTIALS_FILTER_PATTERN, "java.lang.String;!*");
                env.put(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, sockets);
                if (clientSockets != null) {
                    env.put(RMIConnectorServer.RMI_CLIENT_SOCKET_FACTORY_ATTRIBUTE, clientSockets);
                }
                // The connector's own object on the registry's port (one port to open or tunnel).
                RMIJRMPServerImpl impl = new RMIJRMPServerImpl(registryPort, clientSockets, sockets, env);
                RMIConnectorServer server = new RMIConnectorServer(
                        new JMXServiceURL("service:jmx:rmi://" + host + ":" + registryPort), env, impl,
                        mbeans != null ? mbeans : ManagementFactory.getPlatformMBeanServer());
                if (!diagnostics) {
                    server.setMBeanServerForwarder(JmxGuard.create());
                }
                server.start();
                try {
                    registry.bind("jmxrmi", impl.toStub());
                    Path file = null;
                    if (writeCredentials) {
                        file = credentialsFile != null ? credentialsFile : CredentialsFile.defaultPath(registryPort);
                        CredentialsFile.write(file, url.toString(), USER, secret);
                    }
                    return new JmxEndpoint(registry, server, url, registryPort, secret, file, tls != null);
                } catch (IOException | AlreadyBoundException | RuntimeException e) {
                    server.stop();
                    throw e instanceof IOException io ? io : new IOException("could not bind jmxrmi: " + e, e);
                }
            } catch (IOException | RuntimeException e) {
                unexport(registry);
                throw e;
            }
        }
    }
}
