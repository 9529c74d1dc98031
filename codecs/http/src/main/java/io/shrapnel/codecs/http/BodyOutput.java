package io.shrapnel.codecs.http;

import io.shrapnel.codecs.http.internal.HttpOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * A message body being written: sized (exactly the announced bytes), chunked, or up to the close.
 * {@link #close()} ends the body (the last chunk) but never the connection.
 *
 * <p>Threading: owned by the coro of the connection.
 */
abstract sealed class BodyOutput extends OutputStream {
    final HttpOutput out;
    private boolean closed;

    BodyOutput(HttpOutput out) {
        this.out = out;
    }

    static BodyOutput of(Framing f, HttpOutput out) {
        return switch (f.kind()) {
            case NONE -> new Sized(out, 0);
            case SIZED -> new Sized(out, f.length());
            case CHUNKED -> new Chunked(out);
            case UNTIL_CLOSE -> new UntilClose(out);
        };
    }

    /** A body that drops what is written (the response to HEAD) but still counts it. */
    static BodyOutput discarding() {
        return new UntilClose(null);
    }

    @Override
    public final void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public final void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("the body is already complete; a handler writes its body before returning");
        }
        if (len > 0) {
            writeBody(b, off, len);
        }
    }

    abstract void writeBody(byte[] b, int off, int len) throws IOException;

    /** Writes all that {@code b} has left (a direct buffer: see {@link HttpOutput#write(ByteBuffer)}). */
    final void write(ByteBuffer b) throws IOException {
        if (closed) {
            throw new IOException("the body is already complete; a handler writes its body before returning");
        }
        if (b.hasRemaining()) {
            writeBody(b);
        }
    }

    /** Copies {@code b} into an array; a sized body sends it as it is. */
    void writeBody(ByteBuffer b) throws IOException {
        byte[] copy = new byte[b.remaining()];
        b.get(copy);
        writeBody(copy, 0, copy.length);
    }

    /** Ends the body. */
    abstract void finish() throws IOException;

    boolean isClosed() {
        return closed;
    }

    @Override
    public void flush() throws IOException {
        if (out != null) {
            out.flush();
        }
    }

    @Override
    public final void close() throws IOException {
        if (!closed) {
            closed = true;
            finish();
        }
    }

    static final class Sized extends BodyOutput {
        private long left;

        Sized(HttpOutput out, long length) {
            super(out);
            this.left = length;
        }

        @Override
        void writeBody(byte[] b, int off, int len) throws IOException {
            if (len > left) {
                throw new IOException("the body is longer than its Content-Length: " + len + " bytes more with "
                        + left + " left; leave Content-Length out to send it chunked");
            }
            left -= len;
            out.write(b, off, len);
        }

        @Override
        void writeBody(ByteBuffer b) throws IOException {
            int len = b.remaining();
            if (len > left) {
                throw new IOException("the body is longer than its Content-Length: " + len + " bytes more with "
                        + left + " left; leave Content-Length out to send it chunked");
            }
            left -= len;
            out.write(b);
        }

        @Override
        void finish() throws IOException {
            if (left != 0) {
                throw new IOException("the body ended " + left + " bytes short of its Content-Length");
            }
        }

        long left() {
            return left;
        }
    }

    static final class Chunked extends BodyOutput {
        private static final byte[] CRLF = {'\r', '\n'};
        private static final byte[] LAST = {'0', '\r', '\n', '\r', '\n'};

        Chunked(HttpOutput out) {
            super(out);
        }

        @Override
        void writeBody(byte[] b, int off, int len) throws IOException {
            out.writeLatin1(Integer.toHexString(len));
            out.write(CRLF);
            out.write(b, off, len);
            out.write(CRLF);
        }

        @Override
        void finish() throws IOException {
            out.write(LAST);
        }
    }

    static final class UntilClose extends BodyOutput {
        UntilClose(HttpOutput out) {
            super(out);
        }

        @Override
        void writeBody(byte[] b, int off, int len) throws IOException {
            if (out != null) {
                out.write(b, off, len);
            }
        }

        @Override
        void finish() {
            // the connection's close ends it
        }
    }
}
