package io.shrapnel.codecs.mysql.internal;

import io.shrapnel.net.Conn;
import io.shrapnel.net.Direction;
import java.io.ByteArrayOutputStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** A {@link Conn} in memory: reads come in the given chunks (then end of stream), writes are kept. */
final class MemoryConn implements Conn {
    private final Deque<byte[]> chunks;
    final ByteArrayOutputStream written = new ByteArrayOutputStream();
    boolean closed;
    int sends;

    MemoryConn(List<byte[]> chunks) {
        this.chunks = new ArrayDeque<>(chunks);
    }

    static MemoryConn of(byte[]... chunks) {
        return new MemoryConn(List.of(chunks));
    }

    @Override
    public byte[] recv(int maxBytes) {
        throw new UnsupportedOperationException("the packet layer reads with recvInto");
    }

    @Override
    public int recvInto(ByteBuffer dst) {
        while (!chunks.isEmpty() && chunks.peek().length == 0) {
            chunks.pop();
        }
        if (chunks.isEmpty()) {
            return -1;
        }
        byte[] c = chunks.pop();
        int n = Math.min(c.length, dst.remaining());
        dst.put(c, 0, n);
        if (n < c.length) {
            chunks.push(java.util.Arrays.copyOfRange(c, n, c.length));
        }
        return n;
    }

    @Override
    public int send(ByteBuffer src) {
        sends++;
        int n = src.remaining();
        byte[] b = new byte[n];
        src.get(b);
        written.writeBytes(b);
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
    public void close() {
        closed = true;
    }
}
