package io.shrapnel.codecs.ftp.internal;

import io.shrapnel.net.TcpSock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Listening on the first free port of a range: passive listeners of the server, active listeners
 * of the client. A range of 0..0 lets the system pick.
 *
 * <p>Threading: stateless; call from a coro.
 */
public final class PortRange {
    private PortRange() {}

    public static TcpSock listen(InetAddress address, int from, int to) throws IOException {
        IOException last = null;
        for (int p = from; p <= to; p++) {
            TcpSock l = TcpSock.create();
            try {
                l.bind(new InetSocketAddress(address, p));
                l.listen(8);
                return l;
            } catch (IOException e) {
                l.close();
                last = e;
            }
        }
        throw new IOException("no free port in " + from + ".." + to + " on " + address.getHostAddress(), last);
    }
}
