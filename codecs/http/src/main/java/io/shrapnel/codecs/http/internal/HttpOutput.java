package io.shrapnel.codecs.http.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A write buffer over a {@link ByteSink}. Small writes (a head, a chunk header) collect here and go
 * out in one system call; a write larger than the buffer goes straight through after what is pending.
 *
 * <p>Threading: owned by one connection's coro.
 */
public final class HttpOutput {
    private final ByteSink sink;
    private final byte[] buf;
    private int len;

    public HttpOutput(ByteSink sink, int bufferSize) {
        this.sink = sink;
        this.buf = new byte[bufferSize];
    }

    public void write(byte[] b, int off, int n) throws IOException {
        if (n <= buf.length - len) {
            System.arraycopy(b, off, buf, len, n);
            len += n;
            return;
        }
        if (n >= buf.length) {
            if (len > 0) {
                int pending = len;
                len = 0;
                sink.write(buf, 0, pending, b, off, n); // what is pending and the big piece in one go
            } else {
                sink.write(b, off, n);
            }
        } else {
            flush();
            System.arraycopy(b, off, buf, 0, n);
            len = n;
        }
    }

    public void write(byte[] b) throws IOException {
        write(b, 0, b.length);
    }

    public void write(int b) throws IOException {
        if (len == buf.length) {
            flush();
        }
        buf[len++] = (byte) b;
    }

    /** Writes {@code s} as ISO-8859-1 (HTTP heads are bytes; a char above 0xFF is a caller's bug). */
    @SuppressWarnings("deprecation")
    public void writeLatin1(String s) throws IOException {
        int n = s.length();
        if (n > buf.length - len) {
            flush();
            if (n > buf.length) {
                write(s.getBytes(StandardCharsets.ISO_8859_1));
                return;
            }
        }
        s.getBytes(0, n, buf, len); // deprecated for its lossy charset; exactly what a Latin-1 head needs
        len += n;
    }

    /** Bytes written but not yet sent. */
    public int pending() {
        return len;
    }

    public void flush() throws IOException {
        if (len > 0) {
            int n = len;
            len = 0;
            sink.write(buf, 0, n);
        }
    }
}
