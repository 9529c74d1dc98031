package io.shrapnel.codecs.http;

import io.shrapnel.codecs.http.internal.HttpInput;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The body of one message as an {@link InputStream}: sized, chunked, or up to the close. It never
 * reads past its own end, so the next pipelined message stays in the connection's buffer.
 *
 * <p>Threading: owned by the coro of the connection.
 */
abstract sealed class BodyInput extends InputStream {
    final HttpInput in;
    /** Runs once before the first byte is read (the server sends {@code 100 Continue} there). */
    private FirstRead onFirstRead;
    private boolean done;
    private boolean closed;

    BodyInput(HttpInput in) {
        this.in = in;
    }

    static BodyInput of(Framing f, HttpInput in, Limits limits) {
        return switch (f.kind()) {
            case NONE -> new Sized(in, 0);
            case SIZED -> new Sized(in, f.length());
            case CHUNKED -> new Chunked(in, limits);
            case UNTIL_CLOSE -> new UntilClose(in);
        };
    }

    /** What runs before the first byte of the body is read. */
    @FunctionalInterface
    interface FirstRead {
        void run() throws IOException;
    }

    void onFirstRead(FirstRead action) {
        this.onFirstRead = action;
    }

    /** True once the whole body has been read (its end, not only its bytes, has been seen). */
    boolean isDone() {
        return done;
    }

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("the body stream is closed");
        }
        if (done) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        FirstRead first = onFirstRead;
        if (first != null) {
            onFirstRead = null;
            first.run();
        }
        int n = readBody(b, off, len);
        if (n < 0) {
            done = true;
        }
        return n;
    }

    /** Reads at least one byte, or returns -1 at the end of the body (and must then keep doing so). */
    abstract int readBody(byte[] b, int off, int len) throws IOException;

    /** True if the end of the body is known to be reached without reading (a sized body with nothing left). */
    boolean atEnd() {
        return false;
    }

    /**
     * Reads and drops the rest of the body, up to {@code max} bytes; true if the end was reached
     * (the connection can carry on), false if more was left (it must be closed).
     */
    boolean drain(long max) throws IOException {
        if (done) {
            return true;
        }
        if (onFirstRead != null) {
            return false; // the client waits for 100 Continue: it never sent the body, nothing to drain
        }
        if (atEnd()) {
            done = true; // a request without a body (a GET): no buffer to drain into
            return true;
        }
        byte[] skip = new byte[8192];
        long left = max;
        while (left >= 0) {
            int n = read(skip, 0, (int) Math.min(skip.length, left + 1));
            if (n < 0) {
                return true;
            }
            left -= n;
        }
        return false;
    }

    /** Closing the stream does not close the connection; the rest of the body is dropped later. */
    @Override
    public void close() {
        closed = true;
    }

    static final class Sized extends BodyInput {
        private final long length;
        private long left;

        Sized(HttpInput in, long length) {
            super(in);
            this.length = length;
            this.left = length;
        }

        /** The length announced, whatever has been read of it. */
        long length() {
            return length;
        }

        @Override
        boolean atEnd() {
            return left == 0;
        }

        @Override
        int readBody(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("the stream ended " + left + " bytes before the end of the body");
            }
            left -= n;
            return n;
        }

        @Override
        public int available() {
            return (int) Math.min(left, in.buffered());
        }
    }

    /** RFC 9112 section 7.1: chunk-size [ext] CRLF data CRLF ... 0 CRLF trailers CRLF. */
    static final class Chunked extends BodyInput {
        /** A chunk-size line: 16 hex digits and extensions; longer is an attack. */
        private static final int MAX_CHUNK_LINE = 4096;
        private final Limits limits;
        private long chunkLeft;
        private long total;
        private boolean last;
        private Headers trailers;

        Chunked(HttpInput in, Limits limits) {
            super(in);
            this.limits = limits;
        }

        @Override
        int readBody(byte[] b, int off, int len) throws IOException {
            if (last) {
                return -1;
            }
            if (chunkLeft == 0) {
                if (total > 0) {
                    endOfChunk();
                }
                chunkLeft = chunkSize();
                if (chunkLeft == 0) {
                    last = true;
                    trailers = HeadParser.readFields(in, limits, limits.maxHeaderBytes() + (int) in.count(), 0);
                    return -1;
                }
                if (limits.maxBody() - total < chunkLeft) {
                    throw new HttpProtocolException(413, "the chunked body is larger than the limit of " + limits.maxBody() + " bytes");
                }
            }
            int n = in.read(b, off, (int) Math.min(len, chunkLeft));
            if (n < 0) {
                throw new EOFException("the stream ended inside a chunk");
            }
            chunkLeft -= n;
            total += n;
            return n;
        }

        private void endOfChunk() throws IOException {
            int cr = in.read();
            int lf = in.read();
            if (cr != '\r' || lf != '\n') {
                if (cr < 0 || lf < 0) {
                    throw new EOFException("the stream ended after a chunk's data");
                }
                throw new HttpProtocolException(400, "a chunk's data is not followed by CRLF (wrong chunk size?)");
            }
        }

        private long chunkSize() throws IOException {
            in.resetCount();
            String line = in.readLine(MAX_CHUNK_LINE, 400, "chunk-size line");
            if (line == null) {
                throw new EOFException("the stream ended before a chunk size");
            }
            int i = 0;
            long size = 0;
            while (i < line.length() && Character.digit(line.charAt(i), 16) >= 0 && line.charAt(i) < 0x80) {
                if (size > (Long.MAX_VALUE >> 4)) {
                    throw new HttpProtocolException(400, "the chunk size overflows: " + HeadParser.printable(line));
                }
                size = (size << 4) | Character.digit(line.charAt(i), 16);
                i++;
            }
            if (i == 0) {
                throw new HttpProtocolException(400, "invalid chunk size '" + HeadParser.printable(line) + "'");
            }
            // What may follow: BWS ; extensions. Their content is ignored but must be printable.
            int j = i;
            while (j < line.length() && (line.charAt(j) == ' ' || line.charAt(j) == '\t')) {
                j++;
            }
            if (j < line.length() && line.charAt(j) != ';') {
                throw new HttpProtocolException(400, "invalid chunk size '" + HeadParser.printable(line) + "'");
            }
            if (j == line.length() && j != i) {
                throw new HttpProtocolException(400, "whitespace after a chunk size without an extension");
            }
            for (int k = j; k < line.length(); k++) {
                if (!Tokens.isFieldValueChar(line.charAt(k))) {
                    throw new HttpProtocolException(400, "a control byte in a chunk extension");
                }
            }
            return size;
        }

        /** The trailer fields, once the body has been read to its end (else null). */
        Headers trailers() {
            return trailers;
        }
    }

    static final class UntilClose extends BodyInput {
        UntilClose(HttpInput in) {
            super(in);
        }

        @Override
        int readBody(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, len);
        }
    }
}
