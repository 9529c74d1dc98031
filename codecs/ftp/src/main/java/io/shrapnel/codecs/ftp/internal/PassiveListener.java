package io.shrapnel.codecs.ftp.internal;

import io.shrapnel.net.TcpSock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The server's side of one passive data connection: a listener on the first free port of the
 * passive range, at the control connection's local address, that accepts only the control
 * connection's peer (anyone else is closed at once: no data theft by a third party racing for the port).
 *
 * <p>Threading: the session's coro.
 */
public final class PassiveListener implements AutoCloseable {
    private final TcpSock listener;
    private final InetAddress peer;

    private PassiveListener(TcpSock listener, InetAddress peer) {
        this.listener = listener;
        this.peer = peer;
    }

    /** Listens on {@code local} at the first free port of {@code from..to}. */
    public static PassiveListener open(InetAddress local, int from, int to, InetAddress peer) throws IOException {
        return new PassiveListener(PortRange.listen(local, from, to), peer);
    }

    public int port() throws IOException {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Waits for the peer's connection; closes connections from other addresses. */
    public TcpSock accept() throws IOException {
        while (true) {
            TcpSock s = listener.accept();
            if (s.peerAddress() instanceof InetSocketAddress a && a.getAddress().equals(peer)) {
                return s;
            }
            s.close();
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
