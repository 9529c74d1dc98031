package io.shrapnel.net;

import io.shrapnel.net.internal.TlsEngineIo;
import io.shrapnel.net.internal.TlsWire;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * TLS over a stream socket, for coros: an {@link SSLEngine} pumped by the coros that read and write.
 *
 * <pre>{@code
 * TlsSock tls = TlsSock.connect("127.0.0.1", 443, "localhost", clientConfig);   // handshake done
 * tls.sendAll(request);
 * byte[] reply = tls.recv(16384);
 * tls.close();                                                 // sends close_notify
 * }</pre>
 *
 * <p>The handshake runs on the first read or write (or {@link #handshake()}); a coro that arrives
 * while another one is handshaking waits for it. A client checks the server's certificate chain
 * and, by default, that it names the host given here. Renegotiation (TLS 1.2) is refused: the
 * connection fails with an {@link SSLHandshakeException}. TLS 1.3 key updates are answered.
 *
 * <p>One coro may read while another writes. Output is serialised by a turn: each write wraps its
 * records and sends them before the next writer starts; a reader that must answer the peer (a key
 * update) appends its record and leaves the sending to the writer in turn, if any, so a reader never
 * waits on a stuck writer.
 *
 * <p>{@link #close()} sends close_notify if it can do so without waiting, then closes the socket.
 * A peer that closes without close_notify reads as end of stream, with {@link #closedCleanly()}
 * false: protocols without their own framing should check it (truncation).
 *
 * <p>Failures are final: after an {@link SSLException} (bad certificate, garbage from the peer,
 * refused renegotiation) or an interrupted handshake, the socket is closed and every later call
 * fails with the first error.
 *
 * <p>Threading: confined to the loop of its socket; {@link #close()} from another thread closes
 * the socket without close_notify.
 */
public final class TlsSock implements Conn {
    private final StreamSock<?> sock;
    private final SSLEngine engine;
    private final TlsEngineIo io;

    private TlsSock(StreamSock<?> sock, SSLEngine engine) {
        this.sock = sock;
        this.engine = engine;
        this.io = new TlsEngineIo(new TlsWire() {
            @Override
            public int recvNow(ByteBuffer dst) throws IOException {
                return sock.recvNow(dst);
            }

            @Override
            public boolean drained() {
                return sock.drained();
            }

            @Override
            public void awaitReadable() throws IOException {
                sock.awaitReadable();
            }

            @Override
            public int send(ByteBuffer src) throws IOException {
                return sock.send(src);
            }

            @Override
            public int sendNow(ByteBuffer src) throws IOException {
                return sock.sendNow(src);
            }

            @Override
            public void shutdown(Direction how) throws IOException {
                sock.shutdown(how);
            }

            @Override
            public void close() throws IOException {
                sock.close();
            }
        }, engine, "TlsSock[" + sock + "]");
    }

    /**
     * The client end of TLS over a connected socket. {@code serverName} is the host the
     * certificate must name (a DNS name, sent as SNI, or an IP literal).
     */
    public static TlsSock client(StreamSock<?> sock, TlsConfig config, String serverName) throws IOException {
        int port = sock.peerAddress() instanceof InetSocketAddress a ? a.getPort() : -1;
        return client(sock, config, serverName, port);
    }

    /**
     * The client end of TLS over a connected socket, like {@link #client(StreamSock, TlsConfig, String)},
     * whose TLS session is looked up in and stored into the config's client session cache under
     * {@code serverName} and {@code sessionPort} instead of the socket's peer port. The JDK keys its
     * client session cache by host and port, so a connection to another port of the same server
     * (an FTP data connection, RFC 4217) offers the session of the connection to
     * {@code sessionPort} (the control connection) for resumption, as servers that require session
     * reuse demand (vsftpd's {@code require_ssl_reuse}). The server's certificate must still name
     * {@code serverName}; the connections must share one {@link TlsConfig} (it holds the cache).
     */
    public static TlsSock client(StreamSock<?> sock, TlsConfig config, String serverName, int sessionPort) {
        if (!config.isClient()) {
            throw new IllegalArgumentException("TlsSock.client needs a client configuration: TlsConfig.client()...");
        }
        if (serverName == null && config.verifiesHostname()) {
            throw new IllegalArgumentException("TlsSock.client needs the server's name to check its certificate: "
                    + "pass the host name (or IP) you connected to, or build the config with verifyHostname(false)");
        }
        if (sessionPort < -1 || sessionPort > 65535) {
            throw new IllegalArgumentException("a session port is 0-65535 (or -1 for none), not " + sessionPort);
        }
        SSLEngine engine = config.newEngine(serverName, sessionPort);
        if (serverName != null && !isIpLiteral(serverName)) {
            SSLParameters p = engine.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName(serverName)));
            engine.setSSLParameters(p);
        }
        return new TlsSock(sock, engine);
    }

    /** The server end of TLS over an accepted socket. */
    public static TlsSock server(StreamSock<?> sock, TlsConfig config) {
        if (config.isClient()) {
            throw new IllegalArgumentException("TlsSock.server needs a server configuration: TlsConfig.server(...)");
        }
        return new TlsSock(sock, config.newEngine(null, -1));
    }

    /**
     * Connects to {@code host:port} (an IP literal or a name the {@link Resolver} knows) and
     * completes the handshake; the certificate must name {@code serverName}.
     */
    public static TlsSock connect(String host, int port, String serverName, TlsConfig config) throws IOException {
        TcpSock tcp = TcpSock.create();
        try {
            tcp.connect(host, port);
            TlsSock tls = client(tcp, config, serverName);
            tls.handshake();
            return tls;
        } catch (IOException | RuntimeException | Error e) {
            tcp.close();
            throw e;
        }
    }

    private static boolean isIpLiteral(String host) {
        try {
            java.net.InetAddress.ofLiteral(host);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The capacity of the record buffers this connection holds now: 0 while it is idle (tests). */
    int heldBufferBytes() {
        return io.heldBufferBytes();
    }

    /** Runs the handshake if it has not run yet (reads and writes do it on their own). */
    public void handshake() throws IOException {
        io.handshake();
    }

    @Override
    public int recvInto(ByteBuffer dst) throws IOException {
        return io.recvInto(dst);
    }

    @Override
    public byte[] recv(int maxBytes) throws IOException {
        return io.recv(maxBytes);
    }

    @Override
    public int send(ByteBuffer src) throws IOException {
        return io.send(src);
    }

    @Override
    public void sendAll(ByteBuffer src) throws IOException {
        io.sendAll(src);
    }

    /** Ends a direction: {@code WRITE} sends close_notify (waiting until it is sent) and a FIN. */
    @Override
    public void shutdown(Direction how) throws IOException {
        io.shutdown(how);
    }

    /**
     * Sends close_notify if that can be done at once (on the socket's loop, nobody mid-write,
     * room in the socket buffer), then closes the socket. Idempotent.
     */
    @Override
    public void close() throws IOException {
        io.close();
    }

    // =====================================================================================
    // What was negotiated
    // =====================================================================================

    /** The ALPN protocol agreed on, or null if none (or before the handshake). */
    public String applicationProtocol() {
        String p = engine.getApplicationProtocol();
        return p == null || p.isEmpty() ? null : p;
    }

    public SSLSession session() {
        return engine.getSession();
    }

    /** The TLS version in use, e.g. "TLSv1.3". */
    public String protocol() {
        return engine.getSession().getProtocol();
    }

    /** On a server: the host name the client asked for (SNI), or null. */
    public String serverName() {
        if (engine.getSession() instanceof ExtendedSSLSession s) {
            for (SNIServerName n : s.getRequestedServerNames()) {
                if (n instanceof SNIHostName h) {
                    return h.getAsciiName();
                }
            }
        }
        return null;
    }

    /** The peer's certificate chain (empty if it sent none). */
    public List<X509Certificate> peerCertificates() {
        List<X509Certificate> out = new ArrayList<>();
        try {
            for (Certificate c : engine.getSession().getPeerCertificates()) {
                out.add((X509Certificate) c);
            }
        } catch (SSLPeerUnverifiedException none) {
            // no certificate: empty list
        }
        return out;
    }

    /** True if the peer ended its side with close_notify (false after a bare end of stream). */
    public boolean closedCleanly() {
        return io.closedCleanly();
    }

    /** The socket underneath. */
    public StreamSock<?> sock() {
        return sock;
    }

    @Override
    public SocketAddress localAddress() throws IOException {
        return sock.localAddress();
    }

    @Override
    public SocketAddress peerAddress() throws IOException {
        return sock.peerAddress();
    }

    @Override
    public String toString() {
        return "TlsSock[" + sock + (io.isHandshakeDone() ? " " + protocol() : "") + "]";
    }
}
