package io.shrapnel.net;

import io.shrapnel.kernel.ClosedError;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.net.internal.Turn;
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
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
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
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** Output collected before a send in {@link #sendAll(ByteBuffer)}: a few records per syscall. */
    private static final int FLUSH_AT = 64 * 1024;
    /** No record, even a hostile one, makes an input buffer grow past this. */
    private static final int MAX_BUFFER = 4 * 33_093;

    private final StreamSock<?> sock;
    private final SSLEngine engine;
    private final Turn handshakeTurn;
    private final Turn outputTurn;
    private ByteBuffer netIn;   // write mode: bytes from the socket not yet unwrapped
    private ByteBuffer appIn;   // read mode: plaintext not yet handed out
    private ByteBuffer netOut;  // write mode: records wrapped but not yet being sent
    private ByteBuffer sending; // read mode: records the output turn's holder is sending
    private Scheduler loop;
    private boolean handshakeDone;
    private boolean inboundDone;
    private boolean cleanClose;
    private boolean outputClosed;
    private IOException failure;
    private volatile boolean closed;

    private TlsSock(StreamSock<?> sock, SSLEngine engine) {
        this.sock = sock;
        this.engine = engine;
        SSLSession s = engine.getSession();
        this.netIn = ByteBuffer.allocate(s.getPacketBufferSize());
        this.appIn = ByteBuffer.allocate(s.getApplicationBufferSize()).limit(0);
        this.netOut = ByteBuffer.allocate(s.getPacketBufferSize());
        this.sending = ByteBuffer.allocate(s.getPacketBufferSize()).limit(0);
        this.handshakeTurn = new Turn("TLS handshake of " + sock);
        this.outputTurn = new Turn("TLS output of " + sock);
    }

    /**
     * The client end of TLS over a connected socket. {@code serverName} is the host the
     * certificate must name (a DNS name, sent as SNI, or an IP literal).
     */
    public static TlsSock client(StreamSock<?> sock, TlsConfig config, String serverName) throws IOException {
        if (!config.isClient()) {
            throw new IllegalArgumentException("TlsSock.client needs a client configuration: TlsConfig.client()...");
        }
        if (serverName == null && config.verifiesHostname()) {
            throw new IllegalArgumentException("TlsSock.client needs the server's name to check its certificate: "
                    + "pass the host name (or IP) you connected to, or build the config with verifyHostname(false)");
        }
        int port = sock.peerAddress() instanceof InetSocketAddress a ? a.getPort() : -1;
        SSLEngine engine = config.newEngine(serverName, port);
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

    // =====================================================================================
    // Handshake
    // =====================================================================================

    /** Runs the handshake if it has not run yet (reads and writes do it on their own). */
    public void handshake() throws IOException {
        if (handshakeDone) {
            return;
        }
        checkUsable("handshake");
        handshakeTurn.take();
        try {
            if (!handshakeDone) {
                checkUsable("handshake");
                runHandshake();
            }
        } finally {
            handshakeTurn.release();
        }
    }

    private void runHandshake() throws IOException {
        Coro me = Coro.current();
        if (me == null) {
            throw new IllegalStateException("the TLS handshake of " + this + " must run inside a coro: it parks the "
                    + "coro while the peer answers. Spawn a coro (Coro.spawn) and run the loop.");
        }
        loop = me.scheduler();
        boolean done = false;
        try {
            engine.beginHandshake();
            while (true) {
                switch (engine.getHandshakeStatus()) {
                    case NEED_WRAP -> {
                        wrap(EMPTY);
                        flushOutput();
                    }
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        if (!unwrap()) {
                            throw new SSLHandshakeException("the peer closed the connection during the TLS handshake");
                        }
                    }
                    case NEED_TASK -> runTasks();
                    case FINISHED, NOT_HANDSHAKING -> {
                        handshakeDone = true;
                        done = true;
                        return;
                    }
                }
            }
        } catch (SSLException e) {
            throw fail(e);
        } finally {
            if (!done && failure == null) {
                // interrupted or timed out mid-handshake: the engine's state is unusable
                fail(new SSLHandshakeException("the TLS handshake did not finish (interrupted or the socket failed)"));
            }
        }
    }

    // =====================================================================================
    // Reading
    // =====================================================================================

    @Override
    public int recvInto(ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining()) {
            return 0;
        }
        if (!fillAppIn()) {
            return -1;
        }
        int n = Math.min(appIn.remaining(), dst.remaining());
        dst.put(dst.position(), appIn, appIn.position(), n);
        dst.position(dst.position() + n);
        appIn.position(appIn.position() + n);
        return n;
    }

    @Override
    public byte[] recv(int maxBytes) throws IOException {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("recv needs maxBytes >= 0, not " + maxBytes);
        }
        if (maxBytes == 0 || !fillAppIn()) {
            return new byte[0];
        }
        byte[] out = new byte[Math.min(maxBytes, appIn.remaining())];
        appIn.get(out);
        return out;
    }

    /** Makes plaintext available in appIn; false at end of stream. */
    private boolean fillAppIn() throws IOException {
        handshake();
        checkUsable("recv");
        try {
            while (!appIn.hasRemaining()) {
                if (inboundDone) {
                    return false;
                }
                if (!unwrap()) {
                    return false;
                }
                afterUnwrap();
            }
            return true;
        } catch (SSLException e) {
            throw fail(e);
        }
    }

    /**
     * One unwrap into appIn, reading from the socket when the engine needs more. False when the
     * inbound side ended (close_notify, or end of stream without it).
     */
    private boolean unwrap() throws IOException {
        while (true) {
            netIn.flip();
            appIn.compact();
            SSLEngineResult r;
            try {
                r = engine.unwrap(netIn, appIn);
            } finally {
                netIn.compact();
                appIn.flip();
            }
            switch (r.getStatus()) {
                case OK -> {
                    if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                        runTasks();
                    }
                    return true;
                }
                case CLOSED -> {
                    inboundDone = true;
                    cleanClose = true;
                    return false;
                }
                case BUFFER_OVERFLOW -> appIn = grown(appIn, engine.getSession().getApplicationBufferSize(), true);
                case BUFFER_UNDERFLOW -> {
                    if (!netIn.hasRemaining()) {
                        netIn = grown(netIn, engine.getSession().getPacketBufferSize(), false);
                    }
                    if (sock.recvInto(netIn) < 0) {
                        inboundDone = true;
                        return false;
                    }
                }
            }
        }
    }

    /** After the handshake: answer TLS 1.3 post-handshake messages, refuse renegotiation. */
    private void afterUnwrap() throws IOException {
        HandshakeStatus hs = engine.getHandshakeStatus();
        if (hs == HandshakeStatus.NOT_HANDSHAKING || hs == HandshakeStatus.FINISHED || inboundDone) {
            return;
        }
        String protocol = engine.getSession().getProtocol();
        if (!"TLSv1.3".equals(protocol)) {
            // Answering would carry the renegotiation on: close our side instead (close_notify).
            engine.closeOutbound();
            outputClosed = true;
            throw new SSLHandshakeException("TLS renegotiation refused: the peer tried to renegotiate a " + protocol
                    + " session; open a new connection instead");
        }
        for (int i = 0; i < 8; i++) {
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK -> runTasks();
                case NEED_WRAP -> {
                    wrap(EMPTY);
                    if (!outputTurn.isTaken()) {
                        outputTurn.take();
                        try {
                            flushOutput();
                        } finally {
                            outputTurn.release();
                        }
                    } // else the coro whose turn it is sends it with its own records
                }
                default -> {
                    return; // NEED_UNWRAP: the next read carries on; NOT_HANDSHAKING: done
                }
            }
        }
    }

    // =====================================================================================
    // Writing
    // =====================================================================================

    @Override
    public int send(ByteBuffer src) throws IOException {
        int before = src.position();
        write(src, true);
        return src.position() - before;
    }

    @Override
    public void sendAll(ByteBuffer src) throws IOException {
        write(src, false);
    }

    /** Wraps (one record if {@code oneRecord}, else all of src) and sends, in the output turn. */
    private void write(ByteBuffer src, boolean oneRecord) throws IOException {
        handshake();
        checkUsable("send");
        if (outputClosed) {
            throw new ClosedError("send on " + this + " after shutdown(WRITE)");
        }
        outputTurn.take();
        try {
            do {
                wrap(src);
                if (oneRecord || netOut.position() >= FLUSH_AT || !src.hasRemaining()) {
                    flushOutput();
                }
            } while (!oneRecord && src.hasRemaining());
        } catch (SSLException e) {
            throw fail(e);
        } finally {
            outputTurn.release();
        }
    }

    private void wrap(ByteBuffer src) throws SSLException, ClosedError {
        while (true) {
            SSLEngineResult r = engine.wrap(src, netOut);
            switch (r.getStatus()) {
                case OK -> {
                    if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                        runTasks();
                    }
                    return;
                }
                case CLOSED -> {
                    if (r.bytesProduced() > 0 || !src.hasRemaining()) {
                        return; // the close_notify (or an alert) itself
                    }
                    throw new ClosedError("send on " + this + ": its TLS output is closed");
                }
                case BUFFER_OVERFLOW -> {
                    int need = engine.getSession().getPacketBufferSize();
                    ByteBuffer bigger = ByteBuffer.allocate(netOut.position() + need);
                    netOut = bigger.put(netOut.flip());
                }
                case BUFFER_UNDERFLOW -> throw new IllegalStateException("wrap underflow: " + r);
            }
        }
    }

    /** Sends every wrapped record, parking as needed. Only by the holder of the output turn (or the handshake). */
    private void flushOutput() throws IOException {
        while (true) {
            if (!sending.hasRemaining()) {
                if (netOut.position() == 0) {
                    return;
                }
                ByteBuffer spent = sending;
                sending = netOut.flip();
                netOut = spent.clear();
            }
            sock.send(sending);
        }
    }

    /** Writes what fits without waiting; the rest is dropped (close and failure paths only). */
    private void flushWithoutWaiting() throws IOException {
        if (sending.hasRemaining()) {
            sock.sendNow(sending);
            if (sending.hasRemaining()) {
                return; // the socket buffer is full: the rest would have to wait
            }
        }
        netOut.flip();
        try {
            sock.sendNow(netOut);
        } finally {
            netOut.compact();
        }
    }

    // =====================================================================================
    // Closing and failing
    // =====================================================================================

    /** Ends a direction: {@code WRITE} sends close_notify (waiting until it is sent) and a FIN. */
    @Override
    public void shutdown(Direction how) throws IOException {
        checkUsable("shutdown");
        if (how != Direction.READ && !outputClosed) {
            handshake();
            outputTurn.take();
            try {
                outputClosed = true;
                engine.closeOutbound();
                wrap(EMPTY);
                flushOutput();
            } finally {
                outputTurn.release();
            }
        }
        if (how != Direction.WRITE) {
            inboundDone = true;
        }
        sock.shutdown(how);
    }

    /**
     * Sends close_notify if that can be done at once (on the socket's loop, nobody mid-write,
     * room in the socket buffer), then closes the socket. Idempotent.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (handshakeDone && failure == null && !outputClosed && loop != null && loop.inLoop()
                    && !outputTurn.isTaken()) {
                outputClosed = true;
                engine.closeOutbound();
                wrap(EMPTY);
                flushWithoutWaiting();
            }
        } catch (IOException | RuntimeException e) {
            // the peer went away or the engine failed: close anyway
        } finally {
            sock.close();
        }
    }

    /** Records the first failure, sends the engine's alert if it can without waiting, closes the socket. */
    private IOException fail(IOException e) {
        if (failure == null) {
            failure = e;
        }
        try {
            if (loop != null && loop.inLoop() && !outputTurn.isTaken()) {
                for (int i = 0; i < 4 && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP; i++) {
                    wrap(EMPTY);
                }
                flushWithoutWaiting();
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort: the alert is a courtesy
        }
        try {
            closed = true;
            sock.close();
        } catch (IOException ignored) {
            // already failing
        }
        return e;
    }

    private void checkUsable(String operation) throws IOException {
        if (failure != null) {
            throw new SSLException(operation + " on " + this + ", which failed earlier: " + failure.getMessage(), failure);
        }
        if (closed) {
            throw new ClosedError(operation + " on a closed " + this);
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run(); // certificate checks: short, and a thread hop would cost more than they do
        }
    }

    /** A copy of {@code b} with room for at least {@code atLeast} bytes more; hostile sizes fail. */
    private static ByteBuffer grown(ByteBuffer b, int atLeast, boolean readMode) throws SSLException {
        int size = Math.max(b.capacity() * 2, b.capacity() + atLeast);
        if (size > MAX_BUFFER) {
            throw new SSLException("TLS record too large (buffer would need " + size + " bytes)");
        }
        ByteBuffer bigger = ByteBuffer.allocate(size);
        if (readMode) {
            bigger.put(b).flip();
        } else {
            bigger.put(b.flip());
        }
        return bigger;
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
        return cleanClose;
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
        return "TlsSock[" + sock + (handshakeDone ? " " + protocol() : "") + "]";
    }
}
