package io.shrapnel.codecs.http.internal;

import java.io.IOException;

/**
 * Where HTTP bytes come from: a socket, a TLS session, or a byte array in a test. Kept this small so
 * the parser can be tested without sockets and runs unchanged over every kind of connection.
 */
@FunctionalInterface
public interface ByteSource {
    /**
     * Reads at least one byte into {@code buf[off, off+len)}, waiting (parking the coro) if none is
     * there yet; returns the count, or -1 at end of stream.
     */
    int read(byte[] buf, int off, int len) throws IOException;
}
