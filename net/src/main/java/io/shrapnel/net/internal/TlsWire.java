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
    /** Reads, parking until at least one byte came; -1 at end of stream. */
    int recvInto(ByteBuffer dst) throws IOException;

    /** Writes, parking until at least one byte went. */
    int send(ByteBuffer src) throws IOException;

    /** One write that never parks; may write nothing. */
    int sendNow(ByteBuffer src) throws IOException;

    void shutdown(Direction how) throws IOException;

    void close() throws IOException;
}
