package io.shrapnel.codecs.postgres.internal;

import io.shrapnel.codecs.postgres.PgProtocolException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Frames backend messages (a type byte, an int32 length that counts itself, the body) out of a
 * byte stream. The buffer grows to fit a message up to {@code maxMessage} bytes and never beyond,
 * so a hostile length cannot make it allocate without bound.
 *
 * <p>Threading: owned by the one coro reading the connection at a time.
 */
public final class MessageReader {
    /** Where bytes come from (a {@code Conn}'s {@code recvInto}); -1 at end of stream. */
    @FunctionalInterface
    public interface Source {
        int read(ByteBuffer dst) throws IOException;
    }

    private static final int INITIAL = 16 * 1024;

    private final Source source;
    private final int maxMessage;
    private byte[] buf = new byte[INITIAL];
    /** The one cursor handed out by {@link #next}, pointed at each message in turn. */
    private final Payload payload = new Payload(NO_TYPE, buf, 0, 0);
    private int start; // first unconsumed byte
    private int limit; // end of the bytes read

    public MessageReader(Source source, int maxMessage) {
        this.source = source;
        this.maxMessage = maxMessage;
    }

    /**
     * Reads the next whole message. The payload (the same object every time) is valid until the
     * next call: take what you need from it before reading on.
     */
    public Payload next() throws IOException {
        fill(5, NO_TYPE, HEADER);
        char type = (char) (buf[start] & 0xff);
        int length = Bytes.int32(buf, start + 1);
        if (length < 4) {
            throw new PgProtocolException("the server sent a '" + printable(type) + "' message with length " + length
                    + " (a length counts its own 4 bytes, so it is at least 4)");
        }
        if (length - 4 > maxMessage) {
            throw new PgProtocolException("the server sent a '" + printable(type) + "' message of " + (length - 4L)
                    + " bytes, over the limit of " + maxMessage + " (PgConfig.maxMessageSize)");
        }
        fill(1 + length, type, length);
        Payload p = payload.reset(type, buf, start + 5, length - 4);
        start += 1 + length;
        return p;
    }

    /** Whether a whole message is already buffered (no read needed). */
    public boolean hasBuffered() {
        int have = limit - start;
        return have >= 5 && have >= 1 + Bytes.int32(buf, start + 1);
    }

    /** Reads one byte (the answer to SSLRequest). */
    public int readByte() throws IOException {
        fill(1, NO_TYPE, SSL_ANSWER);
        return buf[start++] & 0xff;
    }

    /** Bytes read past what was consumed (must be none when TLS starts: they would be unencrypted). */
    public int buffered() {
        return limit - start;
    }

    private static final char NO_TYPE = 0;
    private static final int HEADER = -1;
    private static final int SSL_ANSWER = -2;

    /**
     * Makes {@code n} bytes readable; at the end of the stream says what was being read: a message
     * of {@code type} and {@code length}, or the {@link #HEADER} or {@link #SSL_ANSWER} (the text is
     * made only then: this runs for every message).
     */
    private void fill(int n, char type, int length) throws IOException {
        if (limit - start >= n) {
            return;
        }
        if (start == limit) {
            // all consumed: read to the front again, so a connection's small answers land on the same
            // few cache lines instead of walking through the whole buffer, one line per query
            start = 0;
            limit = 0;
        }
        if (buf.length - start < n) { // the message does not fit from where it starts: to the front, grown if need be
            byte[] bigger = buf.length >= n ? buf : new byte[Math.max(n, Math.min(buf.length * 2, maxMessage + 5))];
            System.arraycopy(buf, start, bigger, 0, limit - start);
            limit -= start;
            start = 0;
            buf = bigger;
        }
        // otherwise it fits from start: the room after limit is at least what is missing
        ByteBuffer dst = ByteBuffer.wrap(buf);
        while (limit - start < n) {
            dst.limit(buf.length).position(limit);
            int got = source.read(dst);
            if (got < 0) {
                throw new PgProtocolException("the server closed the connection in the middle of " + what(type, length) + " (got "
                        + (limit - start) + " of " + n + " bytes)");
            }
            limit += got;
        }
    }

    private static String what(char type, int length) {
        return switch (length) {
            case HEADER -> "a message header";
            case SSL_ANSWER -> "the answer to SSLRequest";
            default -> "a '" + printable(type) + "' message of " + length + " bytes";
        };
    }

    static String printable(char type) {
        return type >= 0x20 && type < 0x7f ? String.valueOf(type) : String.format("\\x%02x", (int) type);
    }
}
