package io.shrapnel.net;

import io.shrapnel.net.internal.ConnInputStream;
import io.shrapnel.net.internal.ConnOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * A connected byte stream read and written by coros: a {@link TcpSock}, a {@link UnixSock}, or a
 * {@link TlsSock} over one. Protocol code written against {@code Conn} runs over all of them.
 *
 * <p>Every call that cannot go on at once parks the calling coro (never the loop) until it can.
 * At most one coro may wait to read and one to write at a time: a second one in the same direction
 * gets {@link io.shrapnel.kernel.SimultaneousError}. {@link #close()} wakes both with
 * {@link io.shrapnel.kernel.ClosedError}. Wrap a call in {@code Coro.withTimeout} to bound it; a
 * timed-out call leaves nothing registered behind.
 *
 * <p>Threading: use a connection from the coros of one loop; {@link #close()} may come from any thread.
 */
public interface Conn extends Closeable {
    /** Reads what is there, up to {@code maxBytes}, waiting for at least one byte; empty at end of stream. */
    byte[] recv(int maxBytes) throws IOException;

    /** Reads into {@code dst}, waiting for at least one byte; returns the count, or -1 at end of stream. */
    int recvInto(ByteBuffer dst) throws IOException;

    /** {@link #recvInto(ByteBuffer)} into {@code buf[off, off+len)}. */
    default int recvInto(byte[] buf, int off, int len) throws IOException {
        return recvInto(ByteBuffer.wrap(buf, off, len));
    }

    /**
     * Reads exactly {@code n} bytes.
     *
     * @throws EofError if the stream ends first; it carries the bytes that did arrive
     */
    default byte[] recvExact(int n) throws IOException {
        if (n < 0) {
            throw new IllegalArgumentException("recvExact needs a count >= 0, not " + n);
        }
        byte[] out = new byte[n];
        ByteBuffer dst = ByteBuffer.wrap(out);
        while (dst.hasRemaining()) {
            if (recvInto(dst) < 0) {
                throw new EofError(n, java.util.Arrays.copyOf(out, dst.position()));
            }
        }
        return out;
    }

    /** Writes some of {@code src}, waiting until at least one byte can be written; returns the count. */
    int send(ByteBuffer src) throws IOException;

    /** Writes all of {@code src}, waiting as often as needed. */
    default void sendAll(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            send(src);
        }
    }

    /** Writes all of {@code data}. */
    default void sendAll(byte[] data) throws IOException {
        sendAll(ByteBuffer.wrap(data));
    }

    /** Ends one or both directions without closing ({@code WRITE} sends end of stream to the peer). */
    void shutdown(Direction how) throws IOException;

    SocketAddress localAddress() throws IOException;

    SocketAddress peerAddress() throws IOException;

    /** Closes the connection. Idempotent; any thread. Waiting coros get {@code ClosedError}. */
    @Override
    void close() throws IOException;

    /**
     * An {@link InputStream} over this connection for libraries that want one (a read parks the coro,
     * not the loop). Closing the stream closes the connection.
     */
    default InputStream inputStream() {
        return new ConnInputStream(this);
    }

    /** An {@link OutputStream} over this connection; closing it closes the connection. */
    default OutputStream outputStream() {
        return new ConnOutputStream(this);
    }
}
