package io.shrapnel.rpc.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import net.openhft.chronicle.bytes.Bytes;

/**
 * One direction's buffer of a connection: an elastic, off-heap Chronicle {@link Bytes} over a direct
 * {@link ByteBuffer}, so the socket reads into and writes from it without a copy, and protobuf parses
 * from and serialises into slices of it. Bytes {@code [readPosition, writePosition)} are pending.
 *
 * <p>Every buffer is counted while alive ({@link #live()}), so tests can prove that a closed
 * connection left no off-heap memory behind.
 *
 * <p>Threading: owned by one coro (the connection's reader or writer); {@link #release()} once, by it.
 */
public final class FrameBuffer {
    private static final AtomicLong LIVE = new AtomicLong();

    private final Bytes<ByteBuffer> bytes;
    private boolean released;

    public FrameBuffer(int initialCapacity) {
        bytes = Bytes.elasticByteBuffer(initialCapacity);
        // Only the owning coro touches it, but a coro may move between carrier threads' views of
        // "current thread" (it is a virtual thread): Chronicle's owner-thread check would misfire.
        bytes.singleThreadedCheckDisabled(true);
        LIVE.incrementAndGet();
    }

    /** Buffers allocated and not yet released, in this JVM. */
    public static long live() {
        return LIVE.get();
    }

    public Bytes<ByteBuffer> bytes() {
        return bytes;
    }

    /**
     * A view of the free room after the pending bytes, at least {@code minRoom} long (the buffer grows
     * if needed). Write into it, then {@link #commit} what was written.
     */
    public ByteBuffer room(int minRoom) {
        long wp = bytes.writePosition();
        if (bytes.realCapacity() - wp < minRoom) {
            bytes.ensureCapacity(wp + minRoom);
        }
        ByteBuffer bb = bytes.underlyingObject().duplicate();
        bb.limit((int) bytes.realCapacity()).position((int) wp);
        return bb;
    }

    /** Marks {@code n} more bytes as written (after a write into {@link #room}). */
    public void commit(int n) {
        bytes.writeSkip(n);
    }

    /** A view of the pending bytes; consume them with {@link #consume}. */
    public ByteBuffer pending() {
        ByteBuffer bb = bytes.underlyingObject().duplicate();
        bb.limit((int) bytes.writePosition()).position((int) bytes.readPosition());
        return bb;
    }

    public void consume(int n) {
        bytes.readSkip(n);
    }

    public long pendingBytes() {
        return bytes.readRemaining();
    }

    /** Moves pending bytes to the front; empties in O(1) when nothing is pending. */
    public void compact() {
        if (bytes.readRemaining() == 0) {
            bytes.clear();
        } else if (bytes.readPosition() > 0) {
            bytes.compact();
        }
    }

    /** Frees the off-heap memory. Idempotent. */
    public void release() {
        if (!released) {
            released = true;
            bytes.releaseLast();
            LIVE.decrementAndGet();
        }
    }
}
