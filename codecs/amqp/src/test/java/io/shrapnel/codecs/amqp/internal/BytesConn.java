package io.shrapnel.codecs.amqp.internal;

import io.shrapnel.net.Conn;
import io.shrapnel.net.Direction;
import java.io.ByteArrayOutputStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/** A {@link Conn} over a byte array, handing out at most {@code chunk} bytes per read. */
final class BytesConn implements Conn {
    private final byte[] in;
    private final int chunk;
    private int pos;
    final ByteArrayOutputStream sent = new ByteArrayOutputStream();

    BytesConn(byte[] in, int chunk) {
        this.in = in;
        this.chunk = chunk;
    }

    @Override
    public byte[] recv(int maxBytes) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int recvInto(ByteBuffer dst) {
        if (pos == in.length) {
            return -1;
        }
        int n = Math.min(Math.min(chunk, dst.remaining()), in.length - pos);
        dst.put(in, pos, n);
        pos += n;
        return n;
    }

    @Override
    public int send(ByteBuffer src) {
        int n = src.remaining();
        byte[] b = new byte[n];
        src.get(b);
        sent.writeBytes(b);
        return n;
    }

    @Override
    public void shutdown(Direction how) {}

    @Override
    public SocketAddress localAddress() {
        return null;
    }

    @Override
    public SocketAddress peerAddress() {
        return null;
    }

    @Override
    public void close() {}
}
