package io.shrapnel.codecs.http.internal;

import java.io.IOException;

/**
 * A connection as the HTTP code needs it: bytes in, bytes out, and the two ways of ending it. The
 * server and the client are written against this, so they run over TCP, TLS, or memory in tests.
 */
public interface Transport extends ByteSource, ByteSink {
    /** Sends end of stream to the peer but keeps reading (for a lingering close after an error). */
    void shutdownOutput() throws IOException;

    /** Closes the connection; idempotent. */
    void close();

    /** The peer's address, for handlers and logs; may be null. */
    default Object peer() {
        return null;
    }
}
