package io.shrapnel.net.internal;

import io.shrapnel.kernel.Scheduler;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The record-sized buffers a loop's TLS connections borrow while bytes flow through them. A
 * connection holds a buffer only while it holds data (a partial record, plaintext not handed out
 * yet, records not sent yet) and gives it back as soon as it is empty, so an idle connection holds
 * none; the pool keeps a few for the next connection that needs one, so that data flowing does not
 * allocate.
 *
 * <p>Threading: {@link #of} from any thread (synchronized; once per connection); a pool is then
 * used only on its loop's thread.
 */
public final class TlsBufferPool {
    /** Room for any TLS record or its plaintext (the JDK asks for 16,709 and 16,384 bytes). */
    public static final int SIZE = 17 * 1024;
    /** Buffers kept for reuse; more than this are left to the GC. */
    static final int KEEP = 64;

    private static final Map<Scheduler, TlsBufferPool> POOLS = new WeakHashMap<>();

    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();

    TlsBufferPool() {}

    public static synchronized TlsBufferPool of(Scheduler loop) {
        return POOLS.computeIfAbsent(loop, l -> new TlsBufferPool());
    }

    /** An empty buffer (write mode) of at least {@code capacity} bytes. */
    public ByteBuffer take(int capacity) {
        if (capacity > SIZE) {
            return ByteBuffer.allocate(capacity); // a session that wants more than any record needs
        }
        ByteBuffer b = free.pollLast();
        return b != null ? b : ByteBuffer.allocate(SIZE);
    }

    /** Takes {@code b} back; the caller must drop its reference. Null is ignored. */
    public void give(ByteBuffer b) {
        if (b != null && b.capacity() == SIZE && free.size() < KEEP) {
            free.addLast(b.clear());
        }
    }

    /** Buffers kept for reuse (for tests). */
    int kept() {
        return free.size();
    }
}
