package io.shrapnel.codecs.ldap.internal;

import io.shrapnel.codecs.ldap.LdapException;
import io.shrapnel.codecs.ldap.LdapResult;
import io.shrapnel.codecs.asn1.BerLimits;
import io.shrapnel.codecs.asn1.BerStreamReader;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Fifo;
import io.shrapnel.kernel.OneShot;
import io.shrapnel.net.Conn;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * One LDAP connection's message layer: message ids, a writer coro that owns the output (so a
 * caller cancelled mid-request never leaves half a frame), and a reader coro that routes each
 * response to its operation by message id.
 *
 * <p>A response to an id this client never sent is a protocol error: the connection is closed and
 * every operation fails with it. Late responses to operations that were abandoned are dropped.
 * Message id 0 (an unsolicited notification, such as RFC 4511's notice of disconnection) ends the
 * connection with the server's reason.
 *
 * <p>Threading: confined to the loop of the coro that opened it; operations may run in many coros
 * of that loop at once.
 */
public final class Session {
    private static final Object CLOSE = new Object();

    private Conn conn;
    private final BerLimits limits;
    private final Map<Integer, Pending> pending = new HashMap<>();
    private final Fifo<Object> out = new Fifo<>();
    private int nextId = 1;
    private IOException failure;
    private int switchAfter = -1;
    private OneShot<Conn> switched;
    private final Coro reader;
    private final Coro writer;

    public Session(Conn conn, BerLimits limits, String name) {
        this.conn = conn;
        this.limits = limits;
        this.writer = Coro.spawn(name + "-writer", this::writeLoop);
        this.reader = Coro.spawn(name + "-reader", this::readLoop);
    }

    /** Sends a request built for a fresh message id; returns its pending operation. */
    public Pending send(IntFunction<byte[]> request, int credits) throws IOException {
        checkOpen();
        int id = nextId++;
        Pending p = new Pending(id, credits);
        byte[] frame = request.apply(id);
        pending.put(id, p);
        out.push(frame);
        return p;
    }

    /** Sends a request that has no response (abandon, unbind). */
    public void sendOnly(IntFunction<byte[]> request) {
        if (failure == null) {
            out.push(request.apply(nextId++));
        }
    }

    private void checkOpen() throws IOException {
        if (failure != null) {
            throw new LdapException("LDAP connection is closed: " + failure.getMessage(), failure);
        }
    }

    /** The operation is over for its caller; abandon it on the server if its answer has not come. */
    public void finish(Pending p, boolean abandonIfRunning) {
        p.release();
        if (!p.done) {
            p.done = true;
            pending.remove(p.id);
            if (abandonIfRunning) {
                sendOnly(id -> Requests.abandon(id, p.id));
            }
        }
    }

    public int inFlight() {
        return pending.size();
    }

    /**
     * After the response to {@code p} has been routed, the reader stops reading until
     * {@link #switchTransport} hands it the new connection (StartTLS).
     */
    public void pauseAfter(Pending p) {
        switchAfter = p.id;
        switched = new OneShot<>();
    }

    /** The transport to read and write from now on (null: stay on the old one). */
    public void switchTransport(Conn next) {
        if (next != null) {
            conn = next;
        }
        switched.signal(conn);
    }

    public Conn transport() {
        return conn;
    }

    private void writeLoop() {
        try {
            while (true) {
                List<Object> frames = out.popAll();
                conn.sendAll(batch(frames));
                if (frames.getLast() == CLOSE) {
                    return;
                }
            }
        } catch (IOException e) {
            fail(e);
        }
    }

    /** The frames as one buffer (the common single frame is not copied). */
    private static ByteBuffer batch(List<Object> frames) {
        if (frames.size() == 1 && frames.get(0) != CLOSE) {
            return ByteBuffer.wrap((byte[]) frames.get(0));
        }
        int n = 0;
        for (Object f : frames) {
            n += f == CLOSE ? 0 : ((byte[]) f).length;
        }
        ByteBuffer all = ByteBuffer.allocate(n);
        for (Object f : frames) {
            if (f != CLOSE) {
                all.put((byte[]) f);
            }
        }
        return all.flip();
    }

    private void readLoop() {
        try {
            BerStreamReader in = new BerStreamReader(conn, limits);
            while (true) {
                byte[] frame = in.read();
                if (frame == null) {
                    throw new EOFException("the server closed the connection");
                }
                Message m = Message.decode(frame, limits);
                route(m);
                if (m.id() == switchAfter) {
                    switchAfter = -1;
                    in = new BerStreamReader(switched.await(), limits);
                }
            }
        } catch (IOException e) {
            fail(e);
        }
    }

    private void route(Message m) throws IOException {
        Pending p = pending.get(m.id());
        if (p == null) {
            if (m.id() == 0) {
                LdapResult r = m.result();
                throw new LdapException("the server ended the connection", r);
            }
            if (m.id() < nextId) {
                return; // a late answer to an operation given up on
            }
            throw new LdapException("protocol error: the server answered message id " + m.id()
                    + ", which this client never sent", (Throwable) null);
        }
        if (Protocol.isFinal(m.op())) {
            pending.remove(m.id());
            p.done = true;
        }
        p.deliver(m);
    }

    /** Ends the connection: every operation in flight and every later call fails with {@code cause}. */
    public void fail(IOException cause) {
        if (failure != null) {
            return;
        }
        failure = cause;
        List<Pending> all = new ArrayList<>(pending.values());
        pending.clear();
        for (Pending p : all) {
            p.done = true;
            p.release();
            p.fail(cause);
        }
        out.push(CLOSE);
        if (switched != null) {
            switched.signal(conn);
        }
        try {
            conn.close();
        } catch (IOException ignored) {
            // closing after a failure: nothing more to report
        }
    }

    /** Sends an unbind, lets the writer drain, closes, and waits for both coros. */
    public void close() {
        if (failure == null) {
            sendOnly(Requests::unbind);
            out.push(CLOSE);
            writer.join();
            fail(new IOException("closed by the client"));
        }
        reader.join();
        writer.join();
    }

    /** Why the connection ended, or null while it is open. */
    public IOException failure() {
        return failure;
    }
}
