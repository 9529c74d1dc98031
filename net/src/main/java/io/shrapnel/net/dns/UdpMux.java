package io.shrapnel.net.dns;

import io.shrapnel.kernel.Semaphore;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The UDP side of one loop: the socket (per address family) that new queries go to, and the
 * retired ones still waiting for their last answers.
 *
 * <p>Threading: confined to its loop, except {@link #closeAll()}, which posts nothing and relies on
 * {@code UdpSock.close()} being callable from any thread.
 */
final class UdpMux {
    /** What this loop sent and what its readers dropped; written on the loop, read racily by stats(). */
    static final class Counters {
        volatile long udpQueries;
        volatile long tcpQueries;
        volatile long sockets;
        volatile long malformed;
        volatile long unexpected;
        volatile long mismatched;
    }

    private final RandomGenerator random;
    /** The loop's query slots (a Semaphore hands a freed slot straight to the longest waiter). */
    private final Semaphore slots;
    /** Queries holding a slot; a slot released while others wait goes straight to the first of them. */
    private final Counters counters = new Counters();
    private final List<UdpFlight> open = new ArrayList<>();
    private UdpFlight v4;
    private UdpFlight v6;

    UdpMux(RandomGenerator random, int maxInFlight) {
        this.random = random;
        this.slots = new Semaphore(maxInFlight);
    }

    /**
     * Waits for one of the loop's {@code maxInFlight} query slots. A burst of thousands of queries
     * sent at once overflows the server's request list and the sockets' buffers on both sides, and
     * the answers lost that way come back only as timeouts; queries beyond the limit wait here
     * instead, first come first served, before their timeout starts.
     */
    void acquireSlot() {
        slots.acquire();
    }

    /** Gives the slot to the longest waiter, or frees it. */
    void releaseSlot() {
        slots.release();
    }

    RandomGenerator random() {
        return random;
    }

    Counters counters() {
        return counters;
    }

    DnsMessage exchange(InetSocketAddress server, DnsMessage query) throws IOException {
        boolean six = server.getAddress() instanceof Inet6Address;
        UdpFlight f = six ? v6 : v4;
        if (f == null || !f.acceptsMore()) {
            f = new UdpFlight(this, six ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET, random);
            synchronized (open) {
                open.add(f);
            }
            if (six) {
                v6 = f;
            } else {
                v4 = f;
            }
        }
        return f.exchange(server, query);
    }

    /** Called by a flight when it closes. */
    void retired(UdpFlight f) {
        if (v4 == f) {
            v4 = null;
        }
        if (v6 == f) {
            v6 = null;
        }
        synchronized (open) {
            open.remove(f);
        }
    }

    /** Closes every socket (the resolver is closing); their waiting queries fail. Any thread. */
    void closeAll() {
        List<UdpFlight> all;
        synchronized (open) {
            all = List.copyOf(open);
        }
        for (UdpFlight f : all) {
            f.closeFromAnyThread();
        }
    }
}
