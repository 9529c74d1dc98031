package io.shrapnel.codecs.http;

import io.shrapnel.codecs.http.internal.HttpInput;
import io.shrapnel.codecs.http.internal.Transport;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A connection in memory: the peer's bytes handed out in small pieces, what we write collected. */
class MemoryTransport implements Transport {
    private final byte[] input;
    private final int piece;
    private int pos;
    final ByteArrayOutputStream written = new ByteArrayOutputStream();
    boolean outputShut;
    boolean closed;
    int reads;

    MemoryTransport(byte[] input, int piece) {
        this.input = input;
        this.piece = piece;
    }

    MemoryTransport(String input) {
        this(input.getBytes(StandardCharsets.ISO_8859_1), 7);
    }

    static HttpInput input(String s) {
        return new HttpInput(new MemoryTransport(s), 8192);
    }

    static HttpInput input(byte[] b) {
        return new HttpInput(new MemoryTransport(b, 7), 8192);
    }

    @Override
    public int read(byte[] buf, int off, int len) {
        reads++;
        if (pos == input.length) {
            return -1;
        }
        int n = Math.min(Math.min(len, piece), input.length - pos);
        System.arraycopy(input, pos, buf, off, n);
        pos += n;
        return n;
    }

    @Override
    public void write(byte[] buf, int off, int len) {
        if (closed || outputShut) {
            throw new IllegalStateException("write after close");
        }
        written.write(buf, off, len);
    }

    @Override
    public void shutdownOutput() {
        outputShut = true;
    }

    @Override
    public void close() {
        closed = true;
    }

    /** What was written, with the Date header's value replaced by "*" (it changes every second). */
    String output() {
        return written.toString(StandardCharsets.ISO_8859_1).replaceAll("Date: [^\r]*\r\n", "Date: *\r\n");
    }
}
