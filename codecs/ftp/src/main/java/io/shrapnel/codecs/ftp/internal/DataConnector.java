package io.shrapnel.codecs.ftp.internal;

import io.shrapnel.codecs.ftp.FtpException;
import io.shrapnel.codecs.ftp.FtpReply;
import io.shrapnel.net.Conn;
import io.shrapnel.net.TcpSock;
import io.shrapnel.net.TlsConfig;
import io.shrapnel.net.TlsSock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Opens the data connection of one transfer command: sets up the passive or active connection,
 * sends the command, waits for its 1xx, and wraps the connection in TLS when the data channel is
 * protected (the client is the TLS client in both directions, RFC 4217 section 9).
 *
 * <p>Active mode listens on the control connection's local address and accepts only a connection
 * from the control connection's peer address; any other is closed and the wait goes on.
 *
 * <p>Threading: one coro, while it holds the client's command lock.
 */
public final class DataConnector {
    private final Control control;
    private final InetAddress peer;
    private final InetAddress local;
    private final int controlPort;

    public DataConnector(Control control) throws IOException {
        this.control = control;
        InetSocketAddress server = (InetSocketAddress) control.conn().peerAddress();
        this.peer = server.getAddress();
        this.controlPort = server.getPort();
        this.local = ((InetSocketAddress) control.conn().localAddress()).getAddress();
    }

    /** What {@link #open} gives: the connection, ready for data, and the server's 1xx reply. */
    public record Opened(Conn conn, FtpReply preliminary) {}

    /**
     * Sets up the data connection with {@code setup} ("EPSV", "PASV", "EPRT" or "PORT"), then sends
     * {@code command}. {@code activePorts} is the range [from, to] active mode listens in (0, 0: any).
     *
     * @throws FtpException when the server refuses the setup or the command
     */
    public Opened open(String setup, String command, TlsConfig tls, String serverName, int[] activePorts)
            throws IOException {
        return setup.equals("EPSV") || setup.equals("PASV")
                ? passive(setup, command, tls, serverName)
                : active(setup, command, tls, serverName, activePorts);
    }

    private Opened passive(String setup, String command, TlsConfig tls, String serverName) throws IOException {
        FtpReply r = exchange(setup);
        if (r.code() != (setup.equals("EPSV") ? 229 : 227)) {
            throw new FtpException(setup, r);
        }
        int port = setup.equals("EPSV") ? DataAddress.epsv(r.text()) : DataAddress.pasv(r.text()).getPort();
        TcpSock sock = TcpSock.create();
        try {
            Deadline.within(control.timeout(), "connecting the data connection", () -> {
                sock.connect(peer, port);
                return null;
            });
            return started(sock, command, tls, serverName);
        } catch (IOException | RuntimeException | Error e) {
            sock.close();
            throw e;
        }
    }

    private Opened active(String setup, String command, TlsConfig tls, String serverName, int[] ports)
            throws IOException {
        TcpSock listener = PortRange.listen(local, ports[0], ports[1]);
        try {
            InetSocketAddress at = new InetSocketAddress(local, ((InetSocketAddress) listener.localAddress()).getPort());
            String arg = setup.equals("PORT") ? DataAddress.port(at) : DataAddress.eprt(at);
            FtpReply r = exchange(setup + " " + arg);
            if (r.code() != 200) {
                throw new FtpException(setup, r);
            }
            control.send(command);
            FtpReply pre = control.read();
            if (!pre.isPreliminary()) {
                throw new FtpException(Control.verb(command), pre);
            }
            TcpSock sock = Deadline.within(control.timeout(), "waiting for the server's data connection",
                    () -> acceptFromPeer(listener));
            return new Opened(secured(sock, tls, serverName), pre);
        } finally {
            listener.close();
        }
    }

    /** Accepts until the control connection's peer connects; strangers are closed at once. */
    private TcpSock acceptFromPeer(TcpSock listener) throws IOException {
        while (true) {
            TcpSock s = listener.accept();
            if (s.peerAddress() instanceof InetSocketAddress a && a.getAddress().equals(peer)) {
                return s;
            }
            s.close();
        }
    }

    private Opened started(TcpSock sock, String command, TlsConfig tls, String serverName) throws IOException {
        control.send(command);
        FtpReply pre = control.read();
        if (!pre.isPreliminary()) {
            throw new FtpException(Control.verb(command), pre);
        }
        return new Opened(secured(sock, tls, serverName), pre);
    }

    private Conn secured(TcpSock sock, TlsConfig tls, String serverName) throws IOException {
        if (tls == null) {
            return sock;
        }
        try {
            // the session is looked up under the control connection's port: the data connection
            // resumes the control connection's session (servers with require_ssl_reuse demand it)
            TlsSock t = TlsSock.client(sock, tls, serverName, controlPort);
            Deadline.within(control.timeout(), "TLS handshake on the data connection", () -> {
                t.handshake();
                return null;
            });
            return t;
        } catch (IOException | RuntimeException | Error e) {
            sock.close();
            throw e;
        }
    }

    private FtpReply exchange(String command) throws IOException {
        control.send(command);
        return control.read();
    }
}
