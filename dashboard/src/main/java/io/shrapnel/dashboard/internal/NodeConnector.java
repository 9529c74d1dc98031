package io.shrapnel.dashboard.internal;

import java.io.IOException;
import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Where a node's beans are read: a connection given as it is (this process's platform server, or
 * one the caller opened), or a JMX service URL connected on first use and again after a failure.
 *
 * <p>Threading: one thread at a time (the sampler's offload thread); {@link #close()} from any.
 */
public final class NodeConnector implements AutoCloseable {
    private final String address;
    private final MBeanServerConnection given;
    private final JMXServiceURL url;
    private final Map<String, ?> environment;
    private JMXConnector connector;
    private MBeanServerConnection connection;

    private NodeConnector(String address, MBeanServerConnection given, JMXServiceURL url, Map<String, ?> environment) {
        this.address = address;
        this.given = given;
        this.url = url;
        this.environment = environment;
    }

    public static NodeConnector of(String address, MBeanServerConnection connection) {
        return new NodeConnector(address, connection, null, Map.of());
    }

    public static NodeConnector of(JMXServiceURL url, Map<String, ?> environment) {
        return new NodeConnector(url.toString(), null, url, environment);
    }

    /** True for a node reached by URL (another process, maybe another machine). */
    public boolean isRemote() {
        return url != null;
    }

    public String address() {
        return address;
    }

    public synchronized MBeanServerConnection connection() throws IOException {
        if (given != null) {
            return given;
        }
        if (connection == null) {
            connector = JMXConnectorFactory.connect(url, environment);
            connection = connector.getMBeanServerConnection();
        }
        return connection;
    }

    /** A read failed: the next one connects again (a URL node). */
    public synchronized void failed() {
        closeConnector();
    }

    @Override
    public synchronized void close() {
        closeConnector();
    }

    private void closeConnector() {
        if (connector != null) {
            try {
                connector.close();
            } catch (IOException ignored) {
                // it is gone either way
            }
        }
        connector = null;
        connection = null;
    }
}
