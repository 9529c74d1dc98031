package io.shrapnel.codecs.http.internal;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Where HTTP bytes go: all of {@code buf[off, off+len)} is written before this returns. */
@FunctionalInterface
public interface ByteSink {
    void write(byte[] buf, int off, int len) throws IOException;

    /**
     * Writes two pieces, in order: a response head and a large body, say. A socket gathers them into
     * one system call; the default writes them one after the other.
     */
    default void write(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) throws IOException {
        write(a, aOff, aLen);
        write(b, bOff, bLen);
    }

    /**
     * Writes {@code a[aOff, aOff+aLen)} (what was pending, possibly nothing) and then all that
     * {@code b} has left, a direct buffer say, which a socket writes without copying it into an array.
     * The default copies {@code b}.
     */
    default void write(byte[] a, int aOff, int aLen, ByteBuffer b) throws IOException {
        byte[] copy = new byte[b.remaining()];
        b.get(copy);
        write(a, aOff, aLen, copy, 0, copy.length);
    }
}
