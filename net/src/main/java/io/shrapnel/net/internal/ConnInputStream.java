package io.shrapnel.net.internal;

import io.shrapnel.net.Conn;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * An {@link InputStream} over a {@link Conn}: reads park the coro. No buffering of its own (wrap it
 * in a {@code BufferedInputStream} if the reader asks for single bytes).
 *
 * <p>Threading: as its connection (coros of one loop).
 */
public final class ConnInputStream extends InputStream {
    private final Conn conn;

    public ConnInputStream(Conn conn) {
        this.conn = conn;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        return conn.recvInto(b, off, len);
    }

    @Override
    public void close() throws IOException {
        conn.close();
    }
}
