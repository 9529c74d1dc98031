package io.shrapnel.net.internal;

import io.shrapnel.net.SockStats;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters behind {@link SockStats}, one set per kind of socket. {@code LongAdder}s because the
 * sockets of several loops count into the same set: an uncontended add is one CAS, and loops that
 * do collide spread over cells instead of fighting over one line.
 *
 * <p>Threading: any thread adds; a snapshot sums the cells racily (each counter is monotonic).
 */
public final class SockCounters {
    private final String kind;
    private final LongAdder opened = new LongAdder();
    private final LongAdder closed = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder connected = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();

    public SockCounters(String kind) {
        this.kind = kind;
    }

    public void opened() {
        opened.increment();
    }

    public void closed() {
        closed.increment();
    }

    public void accepted() {
        accepted.increment();
        opened.increment();
    }

    public void connected() {
        connected.increment();
    }

    public void bytesIn(long n) {
        if (n > 0) {
            bytesIn.add(n);
        }
    }

    public void bytesOut(long n) {
        if (n > 0) {
            bytesOut.add(n);
        }
    }

    public SockStats snapshot() {
        long c = closed.sum();
        long o = opened.sum();
        return new SockStats(kind, Math.max(0, o - c), o, accepted.sum(), connected.sum(), bytesIn.sum(), bytesOut.sum());
    }
}
