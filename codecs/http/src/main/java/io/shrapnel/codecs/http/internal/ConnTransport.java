package io.shrapnel.codecs.http.internal;

import io.shrapnel.net.Conn;
import io.shrapnel.net.Direction;
import io.shrapnel.net.StreamSock;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A {@link Transport} over a net {@link Conn}: a TCP socket, or TLS over one.
 *
 * <p>Threading: the coro that owns the connection; {@link #close()} from anywhere.
 */
public final class ConnTransport implements Transport {
    private final Conn conn;

    public ConnTransport(Conn conn) {
        this.conn = conn;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        return conn.recvInto(ByteBuffer.wrap(buf, off, len));
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
        conn.sendAll(ByteBuffer.wrap(buf, off, len));
    }

    @Override
    public void write(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) throws IOException {
        write(a, aOff, aLen, ByteBuffer.wrap(b, bOff, bLen));
    }

    @Override
    public void write(byte[] a, int aOff, int aLen, ByteBuffer b) throws IOException {
        if (aLen == 0) {
            conn.sendAll(b);
        } else if (conn instanceof StreamSock<?> sock) {
            sock.writev(ByteBuffer.wrap(a, aOff, aLen), b);
        } else {
            conn.sendAll(ByteBuffer.wrap(a, aOff, aLen));
            conn.sendAll(b);
        }
    }

    @Override
    public void shutdownOutput() throws IOException {
        conn.shutdown(Direction.WRITE);
    }

    @Override
    public void close() {
        try {
            conn.close();
        } catch (IOException e) {
            // closing is all we wanted
        }
    }

    /** The peer's address once asked for: it does not change, and the JDK takes a lock to answer. */
    private Object peer;

    @Override
    public Object peer() {
        Object p = peer;
        if (p == null) {
            try {
                p = conn.peerAddress();
            } catch (IOException e) {
                return null;
            }
            peer = p;
        }
        return p;
    }
}
