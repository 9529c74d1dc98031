package io.shrapnel.codecs.mysql.internal;

import io.shrapnel.net.Conn;

/** In-memory connections for tests outside this package. */
public final class TestConns {
    private TestConns() {}

    /** A connection whose reads return {@code bytes} and then end; writes are dropped. */
    public static Conn of(byte[] bytes) {
        return MemoryConn.of(bytes);
    }
}
