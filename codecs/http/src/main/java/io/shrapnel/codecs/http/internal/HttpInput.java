package io.shrapnel.codecs.http.internal;

import io.shrapnel.codecs.http.HttpProtocolException;
import java.io.EOFException;
import java.io.IOException;

/**
 * A read buffer over a {@link ByteSource}, with the line reading the HTTP head needs. The buffer has a
 * fixed size: a line longer than the limit the caller gives is an error, never a bigger buffer, so a
 * hostile peer cannot make it grow.
 *
 * <p>It reads from the source only when nothing is buffered; a server's source flushes its pending
 * output before it waits, so pipelined responses go out in one write.
 *
 * <p>A server connection gives its buffer back ({@link #release()}) while it waits for its next
 * request: that wait reads into a small probe, and the buffer is taken again (from an {@link
 * ArrayPool}) when the first bytes of the request arrive.
 *
 * <p>Threading: owned by one connection's coro.
 */
public final class HttpInput {
    /** Size of the read that waits for a request while the buffer is released. */
    static final int PROBE_SIZE = 512;

    private final ByteSource source;
    private final int size;
    private final ArrayPool pool;
    /** Null while released (nothing buffered). */
    private byte[] buf;
    /** What an idle wait reads into; null until the first {@link #release()}. */
    private byte[] probe;
    private int pos;
    private int end;
    private boolean eof;
    /** Bytes consumed since {@link #markCount()}; for limits that span several lines. */
    private long counted;

    public HttpInput(ByteSource source, int bufferSize) {
        this(source, bufferSize, ArrayPool.NONE);
        this.buf = new byte[bufferSize];
    }

    /** An input that takes its buffer from {@code pool} when it first reads (lazily). */
    public HttpInput(ByteSource source, int bufferSize, ArrayPool pool) {
        this.source = source;
        this.size = bufferSize;
        this.pool = pool;
    }

    /**
     * Gives the buffer back to the pool if nothing is buffered; the next wait for bytes reads into a
     * small probe and takes a buffer only when bytes come.
     *
     * @return true if no buffer is held now
     */
    public boolean release() {
        if (pos < end) {
            return false;
        }
        if (probe == null) {
            probe = new byte[PROBE_SIZE];
        }
        if (buf != null) {
            byte[] b = buf;
            buf = null;
            pos = 0;
            end = 0;
            pool.give(b);
        }
        return true;
    }

    /** Drops the buffer and what it holds, without giving it to the pool (the connection is done). */
    public void discard() {
        buf = null;
        pos = 0;
        end = 0;
    }

    /** Whether a buffer is held now. */
    public boolean holdsBuffer() {
        return buf != null;
    }

    /** Bytes already buffered and not consumed. */
    public int buffered() {
        return end - pos;
    }

    /** Waits until at least one byte is buffered; false at end of stream. */
    public boolean fill() throws IOException {
        if (pos < end) {
            return true;
        }
        if (eof) {
            return false;
        }
        pos = 0;
        end = 0;
        if (buf == null) {
            return probe != null ? fillFromProbe() : fillTaken();
        }
        return fillTaken();
    }

    private boolean fillTaken() throws IOException {
        if (buf == null) {
            buf = pool.take(size);
        }
        int n = source.read(buf, 0, size);
        if (n < 0) {
            eof = true;
            return false;
        }
        end = n;
        return true;
    }

    /** Waits for bytes holding only the probe; takes the buffer when they come. */
    private boolean fillFromProbe() throws IOException {
        int n = source.read(probe, 0, probe.length);
        if (n < 0) {
            eof = true;
            return false;
        }
        buf = pool.take(size);
        System.arraycopy(probe, 0, buf, 0, n);
        end = n;
        return true;
    }

    /** Makes room at the end by moving unread bytes to the front; false if the buffer is full. */
    private boolean compact() {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, end - pos);
            end -= pos;
            pos = 0;
        }
        return end < buf.length;
    }

    /** Reads more bytes after those buffered; false at end of stream. */
    private boolean fillMore() throws IOException {
        if (eof) {
            return false;
        }
        if (!compact()) {
            throw new IllegalStateException("buffer full");
        }
        int n = source.read(buf, end, buf.length - end);
        if (n < 0) {
            eof = true;
            return false;
        }
        end += n;
        return true;
    }

    public void resetCount() {
        counted = 0;
    }

    public long count() {
        return counted;
    }

    /**
     * Reads one line ending in CRLF and returns it without the CRLF, as ISO-8859-1 (one char per
     * byte). A bare LF or CR inside the line is an error (400): lines must end the same way for every
     * reader of the message, or a smuggled request hides behind the difference.
     *
     * @param limit most bytes of the line, CRLF included
     * @param tooLongStatus the status when it is longer (414 for a request line, 431 in the head)
     * @return the line, or null at end of stream before any byte of it
     * @throws EOFException if the stream ends inside the line
     */
    public String readLine(int limit, int tooLongStatus, String what) throws IOException {
        if (limit > size) {
            limit = size;
        }
        int scanned = 0; // bytes from pos already known to hold no LF
        while (true) {
            int avail = end - pos;
            int stop = Math.min(avail, limit);
            for (int i = scanned; i < stop; i++) {
                if (buf[pos + i] == '\n') {
                    return takeLine(i, what);
                }
            }
            scanned = stop;
            if (avail >= limit) {
                throw new HttpProtocolException(tooLongStatus, what + " is longer than " + limit + " bytes");
            }
            if (!(avail == 0 ? fill() : fillMore())) {
                if (avail == 0) {
                    return null;
                }
                throw new EOFException("the stream ended inside the " + what);
            }
        }
    }

    private String takeLine(int lfIndex, String what) throws HttpProtocolException {
        if (lfIndex == 0 || buf[pos + lfIndex - 1] != '\r') {
            throw new HttpProtocolException(400, what + " ends in a bare LF; HTTP lines end in CRLF");
        }
        int len = lfIndex - 1;
        for (int i = 0; i < len; i++) {
            if (buf[pos + i] == '\r') {
                throw new HttpProtocolException(400, what + " holds a bare CR");
            }
        }
        String s = new String(buf, 0, pos, len); // ISO-8859-1: high byte 0
        pos += lfIndex + 1;
        counted += lfIndex + 1;
        return s;
    }

    /** Reads up to {@code len} bytes, waiting only if none is buffered; -1 at end of stream. */
    public int read(byte[] dst, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos == end) {
            if (len >= size && !eof) {
                // Large reads bypass the buffer: one copy fewer for big bodies.
                int n = source.read(dst, off, len);
                if (n < 0) {
                    eof = true;
                } else {
                    counted += n;
                }
                return n;
            }
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, end - pos);
        System.arraycopy(buf, pos, dst, off, n);
        pos += n;
        counted += n;
        return n;
    }

    /** Reads one byte, or -1 at end of stream. */
    public int read() throws IOException {
        if (pos == end && !fill()) {
            return -1;
        }
        counted++;
        return buf[pos++] & 0xff;
    }

    /** Reads exactly {@code len} bytes. */
    public void readFully(byte[] dst, int off, int len) throws IOException {
        while (len > 0) {
            int n = read(dst, off, len);
            if (n < 0) {
                throw new EOFException("the stream ended " + len + " bytes early");
            }
            off += n;
            len -= n;
        }
    }
}
