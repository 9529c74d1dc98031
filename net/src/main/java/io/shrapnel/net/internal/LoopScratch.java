package io.shrapnel.net.internal;

import io.shrapnel.kernel.Scheduler;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * One direct buffer per loop that socket reads land in before they are copied out into an array of
 * exactly the size that came. Safe to share among a loop's coros because a read and its copy never
 * park in between.
 *
 * <p>Threading: {@link #of} from any thread (synchronized; sockets call it once per loop they read
 * on); each buffer is then used only on its loop's thread.
 */
public final class LoopScratch {
    public static final int CAPACITY = 64 * 1024;

    private static final Map<Scheduler, ByteBuffer> BUFFERS = new WeakHashMap<>();

    private LoopScratch() {}

    public static synchronized ByteBuffer of(Scheduler loop) {
        return BUFFERS.computeIfAbsent(loop, l -> ByteBuffer.allocateDirect(CAPACITY));
    }
}
