package io.shrapnel.net.dns;

import io.shrapnel.kernel.ClosedError;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Shutdown;
import io.shrapnel.kernel.internal.Waiter;
import io.shrapnel.net.UdpSock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * One UDP socket carrying many queries at once, with one reader coro that hands each answer to the
 * coro waiting for it. An answer is taken only if it comes from the server the query went to, with
 * the query's id, the response flag, and the same question (name compared without case); anything
 * else (forged, late, duplicated, malformed) is counted and dropped, and the query keeps waiting
 * for its real answer or its timeout.
 *
 * <p>The socket is bound to a port the kernel picks at random, and lives only while queries are in
 * flight: when the last one is answered or gives up, the socket is closed and the reader exits. The
 * next burst of queries gets a new socket, so a new random port; a busy socket is retired after
 * {@link #RETIRE_AFTER} queries for the same reason.
 *
 * <p>Threading: confined to the loop that created it.
 */
final class UdpFlight {
    /** Queries one socket carries before new ones go to a fresh socket (and port). */
    static final int RETIRE_AFTER = 2048;
    private static final int RECEIVE_BUFFER = 4 << 20;

    private record Key(SocketAddress server, int id) {}

    /** A query waiting for its answer; {@code answer} is set if it came before the waiter parked. */
    private static final class Pending {
        final Question question;
        Waiter waiter;
        DnsMessage answer;

        Pending(Question question) {
            this.question = question;
        }
    }

    private final UdpSock sock;
    private final UdpMux owner;
    private final RandomGenerator random;
    private final Map<Key, Pending> pending = new HashMap<>();
    private final ByteBuffer buf = ByteBuffer.allocate(DnsMessage.MAX_SIZE);
    private final Coro reader;
    private int sent;
    private boolean closed;

    UdpFlight(UdpMux owner, ProtocolFamily family, RandomGenerator random) throws IOException {
        this.owner = owner;
        this.random = random;
        this.sock = UdpSock.create(family);
        try {
            // Room for a burst of answers while the loop is busy sending: the default (~200 KB, a
            // couple of hundred datagrams on loopback) drops answers to a few hundred queries sent at
            // once. The kernel caps it at net.core.rmem_max.
            sock.setOption(java.net.StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
            sock.bind(null); // an ephemeral port, chosen at random by the kernel
        } catch (IOException | RuntimeException e) {
            sock.close();
            throw e;
        }
        owner.counters().sockets++;
        this.reader = Coro.spawn("dns-udp-reader " + sock, this::readLoop);
    }

    boolean acceptsMore() {
        return !closed && sent < RETIRE_AFTER;
    }

    /**
     * Sends {@code query} to {@code server} under a fresh random id and parks until its answer
     * arrives. Bound it with {@code Coro.withTimeout}; a query that gives up leaves nothing behind.
     */
    DnsMessage exchange(InetSocketAddress server, DnsMessage query) throws IOException {
        Key key = freeKey(server);
        Pending p = new Pending(query.question());
        pending.put(key, p);
        sent++;
        owner.counters().udpQueries++;
        try {
            sock.sendTo(query.withHeader(query.header().withId(key.id)).encode(), server);
            if (p.answer != null) {
                return p.answer; // the reader ran while the send waited for buffer space
            }
            p.waiter = Waiter.begin(this);
            return (DnsMessage) p.waiter.await();
        } catch (ClosedError e) {
            throw new IOException("DNS socket closed while waiting for " + server + " (the resolver was closed)", e);
        } finally {
            pending.remove(key, p);
            if (pending.isEmpty()) {
                closeIfIdle();
            }
        }
    }

    private Key freeKey(InetSocketAddress server) {
        while (true) {
            Key k = new Key(server, random.nextInt(0x10000));
            if (!pending.containsKey(k)) {
                return k;
            }
        }
    }

    private void readLoop() {
        try {
            while (!closed) {
                buf.clear();
                SocketAddress from = sock.recvFromInto(buf);
                dispatch(from);
                if (pending.isEmpty()) {
                    closeIfIdle();
                }
            }
        } catch (ClosedError | Shutdown e) {
            // closed because idle, or by the resolver: nothing more to read
        } catch (IOException e) {
            Coro.printStderr("dns: UDP socket " + sock + " failed: " + e + "; its queries will time out");
        } finally {
            close();
        }
    }

    private void dispatch(SocketAddress from) {
        DnsMessage msg;
        try {
            msg = DnsMessage.decode(buf.array(), 0, buf.position());
        } catch (DnsFormatException e) {
            owner.counters().malformed++;
            return;
        }
        Pending p = pending.get(new Key(from, msg.header().id()));
        if (p == null || !msg.header().response()) {
            owner.counters().unexpected++;
            return;
        }
        if (msg.questions().size() != 1 || !msg.question().equals(p.question)) {
            owner.counters().mismatched++;
            return;
        }
        pending.remove(new Key(from, msg.header().id()));
        if (p.waiter != null) {
            p.waiter.wake(msg);
        } else {
            p.answer = msg;
        }
    }

    /** Retires the socket once nothing is in flight: the next query gets a new one. */
    private void closeIfIdle() {
        if (pending.isEmpty()) {
            close();
        }
    }

    /** Closes the socket; queries still waiting fail (the resolver is closing). Loop thread. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        owner.retired(this);
        closeSocket();
        for (Pending p : pending.values()) {
            if (p.waiter != null) {
                p.waiter.fail(new ClosedError("DNS socket " + sock + " closed"));
            }
        }
    }

    /** Closes the socket from any thread: the reader wakes with ClosedError and closes the rest on its loop. */
    void closeFromAnyThread() {
        closeSocket();
    }

    private void closeSocket() {
        try {
            sock.close(); // wakes the reader with ClosedError if it is parked
        } catch (IOException e) {
            Coro.printStderr("dns: closing " + sock + " failed: " + e);
        }
    }

    @Override
    public String toString() {
        return "UdpFlight[" + sock + ", " + pending.size() + " in flight, reader " + reader + "]";
    }
}
