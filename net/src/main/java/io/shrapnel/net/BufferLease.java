package io.shrapnel.net;

import io.shrapnel.kernel.Coro;
import io.shrapnel.net.internal.BufferPool;
import java.nio.ByteBuffer;

/**
 * What an array-free receive ({@link StreamSock#recvLease}) read: a direct buffer lent by the loop's
 * pool, holding the bytes that came from position 0 to its limit. Use it (parse it, or pass it to
 * {@code sendAll}, which writes a direct buffer without a copy), then {@link #close()} it to give the
 * buffer back; try-with-resources does both:
 *
 * <pre>{@code
 * while (true) {
 *     try (BufferLease in = conn.recvLease(16 * 1024)) {
 *         if (in.isEndOfStream()) {
 *             break;
 *         }
 *         conn.sendAll(in.buffer());
 *     }
 * }
 * }</pre>
 *
 * <p>The buffer is the pool's again after {@code close}: keep no reference to it, and copy out what
 * must outlive the lease. {@link #buffer()} after {@code close} throws.
 *
 * <p>Threading: confined to the loop of the coro that received it; close it in a coro of that loop.
 */
public final class BufferLease implements AutoCloseable {
    private final BufferPool pool;
    private ByteBuffer buffer;
    private final int length;

    BufferLease(BufferPool pool, ByteBuffer buffer, int length) {
        this.pool = pool;
        this.buffer = buffer;
        this.length = length;
    }

    /** The bytes that came, from position 0 to the limit (the buffer itself: reading it moves its position). */
    public ByteBuffer buffer() {
        ByteBuffer b = buffer;
        if (b == null) {
            throw new IllegalStateException("this lease was closed and its buffer given back to the loop's pool; "
                    + "copy out what must outlive the lease before closing it");
        }
        return b;
    }

    /** How many bytes came (0 at the end of the stream). */
    public int length() {
        return length;
    }

    /** True when the peer ended the stream: nothing came and nothing will. */
    public boolean isEndOfStream() {
        return length == 0;
    }

    /** The bytes as a new array (for code that wants one; the point of a lease is not to need it). */
    public byte[] toArray() {
        ByteBuffer b = buffer();
        byte[] out = new byte[b.limit()];
        b.get(0, out);
        return out;
    }

    /** Gives the buffer back to the loop's pool. Idempotent. */
    @Override
    public void close() {
        ByteBuffer b = buffer;
        if (b == null) {
            return;
        }
        Coro c = Coro.current();
        if (c == null || c.scheduler() != pool.loop()) {
            throw new IllegalStateException("a BufferLease goes back to the pool of loop " + pool.loop().name()
                    + ": close it in a coro of that loop, not from " + (c == null ? Thread.currentThread() : c));
        }
        buffer = null;
        pool.give(b);
    }

    @Override
    public String toString() {
        return "BufferLease[" + length + " bytes" + (buffer == null ? ", closed" : "") + "]";
    }
}
