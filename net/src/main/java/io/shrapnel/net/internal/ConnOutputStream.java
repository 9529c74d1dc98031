package io.shrapnel.net.internal;

import io.shrapnel.net.Conn;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * An {@link OutputStream} over a {@link Conn}: every write is sent whole before it returns, so
 * {@link #flush()} has nothing to do.
 *
 * <p>Threading: as its connection (coros of one loop).
 */
public final class ConnOutputStream extends OutputStream {
    private final Conn conn;

    public ConnOutputStream(Conn conn) {
        this.conn = conn;
    }

    @Override
    public void write(int b) throws IOException {
        conn.sendAll(new byte[] {(byte) b});
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        conn.sendAll(ByteBuffer.wrap(b, off, len));
    }

    @Override
    public void close() throws IOException {
        conn.close();
    }
}
