package io.shrapnel.net.internal;

import io.shrapnel.net.Direction;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * What TLS needs from the stream socket under it.
 *
 * <p>Threading: as the socket (its loop's coros).
 */
public interface TlsWire {
    /** One read that never parks: the count, 0 if nothing was there, -1 at end of stream. */
    int recvNow(ByteBuffer dst) throws IOException;

    /**
     * True when the socket is most likely empty (the last read found nothing, or less than it had
     * room for): wait for readability before reading again.
     */
    boolean drained();

    /** Parks until the socket is readable. */
    void awaitReadable() throws IOException;

    /** Writes, parking until at least one byte went. */
    int send(ByteBuffer src) throws IOException;

    /** One write that never parks; may write nothing. */
    int sendNow(ByteBuffer src) throws IOException;

    void shutdown(Direction how) throws IOException;

    void close() throws IOException;
}
