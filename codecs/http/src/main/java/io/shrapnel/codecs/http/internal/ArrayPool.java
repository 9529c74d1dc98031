package io.shrapnel.codecs.http.internal;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Byte arrays a loop's HTTP connections share: a connection takes its buffers when a request comes
 * and gives them back once it is idle again, so a kept-alive connection waiting for its next request
 * holds none. One stack per array size, at most {@link #MAX_IDLE} arrays kept per size: what a burst
 * took beyond that goes back to the garbage collector.
 *
 * <p>Threading: {@link #current()} from any thread (synchronized, once per connection); a loop's pool
 * is then used only by the coros of that loop. Outside a coro it is {@link #NONE}, which only allocates.
 */
public final class ArrayPool {
    /** Arrays kept per size for reuse. */
    public static final int MAX_IDLE = 64;

    /** A pool that keeps nothing: every take allocates, every give drops. */
    public static final ArrayPool NONE = new ArrayPool(0);

    private static final Map<Scheduler, ArrayPool> POOLS = new WeakHashMap<>();

    private final int maxIdle;
    private final Map<Integer, ArrayDeque<byte[]>> idle = new HashMap<>();

    private ArrayPool(int maxIdle) {
        this.maxIdle = maxIdle;
    }

    /** The pool of the current coro's loop, or {@link #NONE} outside a coro. */
    public static ArrayPool current() {
        if (Coro.current() == null) {
            return NONE;
        }
        Scheduler loop = Scheduler.current();
        synchronized (POOLS) {
            return POOLS.computeIfAbsent(loop, l -> new ArrayPool(MAX_IDLE));
        }
    }

    /** An array of exactly {@code size} bytes; its content is whatever its last user left. */
    public byte[] take(int size) {
        ArrayDeque<byte[]> q = idle.get(size);
        byte[] b = q == null ? null : q.pollLast();
        return b != null ? b : new byte[size];
    }

    /** Gives back an array: its giver keeps no reference to it. */
    public void give(byte[] b) {
        if (maxIdle == 0) {
            return;
        }
        ArrayDeque<byte[]> q = idle.computeIfAbsent(b.length, k -> new ArrayDeque<>());
        if (q.size() < maxIdle) {
            q.addLast(b);
        }
    }

    /** Arrays of {@code size} bytes kept for reuse now. */
    public int idle(int size) {
        ArrayDeque<byte[]> q = idle.get(size);
        return q == null ? 0 : q.size();
    }
}
