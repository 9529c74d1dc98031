package io.shrapnel.monitoring.internal.jmx;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.rmi.server.RMIServerSocketFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * Server sockets on one address only (RMI's default binds every address), plain or TLS. One instance
 * serves both the registry and the connector, so that RMI, which shares a port between exports whose
 * socket factories are equal, can put both on one port.
 *
 * <p>Threading: RMI calls {@link #createServerSocket} on its own threads; the list is concurrent.
 */
public final class BoundSockets implements RMIServerSocketFactory {
    private static final int BACKLOG = 50;

    private final InetAddress address;
    private final SSLContext tls;
    private final List<ServerSocket> made = new CopyOnWriteArrayList<>();

    /** Sockets on {@code address}; TLS ones with {@code tls}'s key material when it is not null. */
    public BoundSockets(InetAddress address, SSLContext tls) {
        this.address = address;
        this.tls = tls;
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        ServerSocket s;
        if (tls == null) {
            s = new ServerSocket(port, BACKLOG, address);
        } else {
            SSLServerSocket ssl = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(port, BACKLOG, address);
            ssl.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            s = ssl;
        }
        made.add(s);
        return s;
    }

    /** The port of the first socket made (the registry's, when it was asked for port 0). */
    public int firstPort() {
        if (made.isEmpty()) {
            throw new IllegalStateException("the RMI registry opened no server socket");
        }
        return made.get(0).getLocalPort();
    }
}
