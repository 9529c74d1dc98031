package io.shrapnel.codecs.http.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A write buffer over a {@link ByteSink}. Small writes (a head, a chunk header) collect here and go
 * out in one system call; a write larger than the buffer goes straight through after what is pending.
 *
 * <p>A server connection gives the buffer back ({@link #release()}) once all is sent and it waits
 * for its next request; the next write takes one again from its {@link ArrayPool}.
 *
 * <p>Threading: owned by one connection's coro.
 */
public final class HttpOutput {
    private final ByteSink sink;
    private final int size;
    private final ArrayPool pool;
    /** Null while released (nothing pending). */
    private byte[] buf;
    private int len;

    public HttpOutput(ByteSink sink, int bufferSize) {
        this(sink, bufferSize, ArrayPool.NONE);
        this.buf = new byte[bufferSize];
    }

    /** An output that takes its buffer from {@code pool} when it first buffers a write (lazily). */
    public HttpOutput(ByteSink sink, int bufferSize, ArrayPool pool) {
        this.sink = sink;
        this.size = bufferSize;
        this.pool = pool;
    }

    /**
     * Gives the buffer back to the pool if nothing is pending.
     *
     * @return true if no buffer is held now
     */
    public boolean release() {
        if (len > 0) {
            return false;
        }
        if (buf != null) {
            byte[] b = buf;
            buf = null;
            pool.give(b);
        }
        return true;
    }

    /** Drops the buffer and what is pending, without giving it to the pool (the connection is done). */
    public void discard() {
        buf = null;
        len = 0;
    }

    /** Whether a buffer is held now. */
    public boolean holdsBuffer() {
        return buf != null;
    }

    private byte[] buffer() {
        byte[] b = buf;
        if (b == null) {
            b = pool.take(size);
            buf = b;
        }
        return b;
    }

    public void write(byte[] b, int off, int n) throws IOException {
        if (n <= size - len) {
            System.arraycopy(b, off, buffer(), len, n);
            len += n;
            return;
        }
        if (n >= size) {
            if (len > 0) {
                int pending = len;
                len = 0;
                sink.write(buf, 0, pending, b, off, n); // what is pending and the big piece in one go
            } else {
                sink.write(b, off, n);
            }
        } else {
            flush();
            System.arraycopy(b, off, buffer(), 0, n);
            len = n;
        }
    }

    public void write(byte[] b) throws IOException {
        write(b, 0, b.length);
    }

    private static final byte[] NOTHING = new byte[0];

    /**
     * Writes all that {@code b} has left, with what is pending in the same system call: for a large
     * direct buffer (a file's bytes), which is sent as it is instead of being copied into arrays.
     */
    public void write(ByteBuffer b) throws IOException {
        int pending = len;
        len = 0;
        sink.write(pending > 0 ? buf : NOTHING, 0, pending, b);
    }

    public void write(int b) throws IOException {
        if (len == size) {
            flush();
        }
        buffer()[len++] = (byte) b;
    }

    /** Writes {@code s} as ISO-8859-1 (HTTP heads are bytes; a char above 0xFF is a caller's bug). */
    @SuppressWarnings("deprecation")
    public void writeLatin1(String s) throws IOException {
        int n = s.length();
        if (n > size - len) {
            flush();
            if (n > size) {
                write(s.getBytes(StandardCharsets.ISO_8859_1));
                return;
            }
        }
        s.getBytes(0, n, buffer(), len); // deprecated for its lossy charset; exactly what a Latin-1 head needs
        len += n;
    }

    /** Bytes written but not yet sent. */
    public int pending() {
        return len;
    }

    public void flush() throws IOException {
        if (len > 0) {
            int n = len;
            len = 0;
            sink.write(buf, 0, n);
        }
    }
}
