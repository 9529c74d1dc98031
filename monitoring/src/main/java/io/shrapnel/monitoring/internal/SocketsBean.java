package io.shrapnel.monitoring.internal;

import io.shrapnel.monitoring.SocketsMXBean;
import io.shrapnel.net.SockStats;
import java.util.function.Supplier;

/**
 * {@link SocketsMXBean} over the counters of one kind of socket.
 *
 * <p>Threading: immutable; the counters are safe to read from any thread.
 */
public final class SocketsBean implements SocketsMXBean {
    private final Supplier<SockStats> stats;

    public SocketsBean(Supplier<SockStats> stats) {
        this.stats = stats;
    }

    @Override
    public long getOpen() {
        return stats.get().open();
    }

    @Override
    public long getOpened() {
        return stats.get().opened();
    }

    @Override
    public long getAccepted() {
        return stats.get().accepted();
    }

    @Override
    public long getConnected() {
        return stats.get().connected();
    }

    @Override
    public long getBytesIn() {
        return stats.get().bytesIn();
    }

    @Override
    public long getBytesOut() {
        return stats.get().bytesOut();
    }
}
