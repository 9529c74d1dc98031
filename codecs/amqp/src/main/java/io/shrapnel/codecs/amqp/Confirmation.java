package io.shrapnel.codecs.amqp;

import io.shrapnel.kernel.OneShot;
import java.io.IOException;

/**
 * The broker's confirm of one publish on a channel in confirm mode.
 *
 * <p>Threading: a loop object; await it from a coro of the connection's loop.
 */
public final class Confirmation {
    private final long sequence;
    private final OneShot<IOException> done = new OneShot<>();
    private static final IOException ACKED = new IOException("acked");

    Confirmation(long sequence) {
        this.sequence = sequence;
    }

    /** The publish sequence number. */
    public long sequence() {
        return sequence;
    }

    void ack() {
        done.signal(ACKED);
    }

    void fail(IOException why) {
        done.signal(why);
    }

    /** True once the broker acked or nacked, or the channel closed. */
    public boolean isDone() {
        return done.isSignalled();
    }

    /** Parks until the broker acks; throws {@link PublishFailedException} if it nacks or the channel closes first. */
    public void await() throws IOException {
        IOException r = done.await();
        if (r != ACKED) {
            throw r;
        }
    }
}
