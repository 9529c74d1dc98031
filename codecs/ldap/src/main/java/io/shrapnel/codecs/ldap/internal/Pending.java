package io.shrapnel.codecs.ldap.internal;

import io.shrapnel.codecs.ldap.LdapException;
import io.shrapnel.kernel.Fifo;
import io.shrapnel.kernel.Semaphore;
import java.io.IOException;

/**
 * One operation in flight: the responses the reader coro has routed to it, waiting for the coro
 * that started it. A search's queue is bounded by credits: the reader waits for the caller to
 * take entries once {@code credits} of them are queued, so a slow consumer slows the connection
 * instead of filling memory.
 *
 * <p>Threading: the connection's loop; the reader coro pushes, the operation's coro takes.
 */
public final class Pending {
    /** Pushed into every queue when the connection fails. */
    public record Failure(IOException cause) {}

    public final int id;
    private final Fifo<Object> queue = new Fifo<>();
    private final Semaphore credits;
    private final int capacity;
    /** Set when the final response has arrived (by the reader) or the caller gave up. */
    boolean done;

    public Pending(int id, int capacity) {
        this.id = id;
        this.capacity = capacity;
        this.credits = capacity > 0 ? new Semaphore(capacity) : null;
    }

    /** Called by the reader: waits for room (searches), then queues the message. */
    public void deliver(Message m) {
        if (credits != null && !done && !Protocol.isFinal(m.op())) {
            credits.acquire();
        }
        queue.push(m);
    }

    public void fail(IOException cause) {
        queue.push(new Failure(cause));
    }

    /** Waits for the next response. */
    public Message take() throws IOException {
        Object o = queue.pop();
        if (o instanceof Failure f) {
            queue.pushFront(f);
            throw new LdapException("LDAP connection failed: " + f.cause().getMessage(), f.cause());
        }
        Message m = (Message) o;
        if (credits != null && !Protocol.isFinal(m.op())) {
            credits.release();
        }
        return m;
    }

    /** The caller has gone: let a reader waiting for room go on. */
    public void release() {
        if (credits != null) {
            credits.release(capacity);
        }
    }
}
