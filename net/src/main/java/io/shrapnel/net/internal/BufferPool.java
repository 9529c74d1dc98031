package io.shrapnel.net.internal;

import io.shrapnel.kernel.Scheduler;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Direct buffers that a loop lends to array-free receives ({@code StreamSock.recvLease}): three size
 * classes (4, 16 and 64 KiB), each a stack of returned buffers, at most {@link #MAX_IDLE} kept per
 * class, so what a burst of leases took is given back to the JDK, not held for ever.
 *
 * <p>Threading: {@link #of} from any thread (synchronized; once per loop a socket reads on); each
 * pool is then used only on its loop's thread.
 */
public final class BufferPool {
    public static final int MAX_SIZE = 64 * 1024;
    static final int[] SIZES = {4 * 1024, 16 * 1024, MAX_SIZE};
    public static final int MAX_IDLE = 32;

    private static final Map<Scheduler, BufferPool> POOLS = new WeakHashMap<>();

    private final Scheduler loop;
    @SuppressWarnings("unchecked")
    private final ArrayDeque<ByteBuffer>[] idle = new ArrayDeque[SIZES.length];
    private long allocated;

    private BufferPool(Scheduler loop) {
        this.loop = loop;
        for (int i = 0; i < idle.length; i++) {
            idle[i] = new ArrayDeque<>();
        }
    }

    public static synchronized BufferPool of(Scheduler loop) {
        return POOLS.computeIfAbsent(loop, BufferPool::new);
    }

    public Scheduler loop() {
        return loop;
    }

    /** A cleared direct buffer of at least {@code size} bytes (at most {@link #MAX_SIZE}). */
    public ByteBuffer take(int size) {
        int k = sizeClass(size);
        ByteBuffer b = idle[k].pollLast();
        if (b == null) {
            allocated++;
            b = ByteBuffer.allocateDirect(SIZES[k]);
        }
        return b.clear();
    }

    /** Returns a buffer {@link #take} gave out. */
    public void give(ByteBuffer b) {
        int k = sizeClass(b.capacity());
        if (SIZES[k] == b.capacity() && idle[k].size() < MAX_IDLE) {
            idle[k].addLast(b);
        }
    }

    /** Buffers kept for reuse now, all classes. */
    public int idle() {
        int n = 0;
        for (ArrayDeque<ByteBuffer> q : idle) {
            n += q.size();
        }
        return n;
    }

    /** Buffers allocated since the pool was made (the rest of the leases reused one). */
    public long allocated() {
        return allocated;
    }

    static int sizeClass(int size) {
        for (int k = 0; k < SIZES.length; k++) {
            if (size <= SIZES[k]) {
                return k;
            }
        }
        return SIZES.length - 1;
    }
}
