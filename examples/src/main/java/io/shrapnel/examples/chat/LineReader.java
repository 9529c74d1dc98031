package io.shrapnel.examples.chat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Lines of UTF-8 text from a byte stream, each at most {@code maxBytes} long (its CR LF or LF not
 * counted). The buffer never grows past that bound: a longer line, bytes that are not UTF-8, or
 * control characters other than tab end the stream with a {@link BadLine} whose message can be
 * shown to the peer before closing.
 *
 * <p>Threading: one coro reads.
 */
public final class LineReader {
    /** Where the bytes come from: {@code Conn::recvInto}, returning -1 at end of stream. */
    @FunctionalInterface
    public interface Source {
        int read(byte[] buf, int off, int len) throws IOException;
    }

    /** A line the reader refused; the stream is unusable after it. */
    public static final class BadLine extends IOException {
        BadLine(String message) {
            super(message);
        }
    }

    private final Source source;
    private final int maxBytes;
    private final byte[] buf;
    private int start; // first byte not yet returned
    private int end; // one past the last byte read

    public LineReader(Source source, int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, not " + maxBytes);
        }
        this.source = source;
        this.maxBytes = maxBytes;
        this.buf = new byte[maxBytes + 2]; // the longest line, its CR and its LF
    }

    /**
     * The next line without its line end; null at the end of the stream (a last line without a line
     * end is returned first).
     *
     * @throws BadLine if the line is too long or not text
     */
    public String readLine() throws IOException {
        int scanned = start;
        while (true) {
            for (int i = scanned; i < end; i++) {
                if (buf[i] == '\n') {
                    int stop = i > start && buf[i - 1] == '\r' ? i - 1 : i;
                    if (stop - start > maxBytes) {
                        throw tooLong();
                    }
                    String line = decode(start, stop);
                    start = i + 1;
                    return line;
                }
            }
            scanned = end;
            if (end - start > maxBytes + 1 || end - start == maxBytes + 1 && buf[end - 1] != '\r') {
                throw tooLong();
            }
            if (end == buf.length) {
                System.arraycopy(buf, start, buf, 0, end - start);
                scanned -= start;
                end -= start;
                start = 0;
            }
            int n = source.read(buf, end, buf.length - end);
            if (n < 0) {
                if (start == end) {
                    return null;
                }
                String last = decode(start, end);
                start = end;
                return last;
            }
            end += n;
        }
    }

    private BadLine tooLong() {
        return new BadLine("line longer than " + maxBytes + " bytes");
    }

    private String decode(int from, int to) throws BadLine {
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            throw new BadLine("line is not UTF-8 text");
        }
        checkText(CharBuffer.wrap(s));
        return s;
    }

    private static void checkText(CharSequence s) throws BadLine {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                throw new BadLine("control character 0x" + Integer.toHexString(c) + " in line");
            }
        }
    }
}
