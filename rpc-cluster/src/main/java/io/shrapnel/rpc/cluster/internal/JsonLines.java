package io.shrapnel.rpc.cluster.internal;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the body of a streamed etcd gateway response: HTTP/1.1 chunked transfer coding carrying
 * newline-delimited JSON objects (one per gateway message). Only framing happens here; the JSON
 * itself is parsed by protobuf's {@code JsonFormat}.
 *
 * <p>Threading: used by the one coro that reads the stream.
 */
public final class JsonLines {
    /** Longest chunk-size line (hex size plus extensions). */
    static final int MAX_SIZE_LINE = 1024;
    private final InputStream in;
    private final int maxObject;
    private long chunkLeft;
    private boolean ended;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    /**
     * @param in the bytes after the response head
     * @param maxObject the largest JSON object accepted, in bytes
     */
    public JsonLines(InputStream in, int maxObject) {
        this.in = in;
        this.maxObject = maxObject;
    }

    /**
     * The next JSON object of the stream, or null at its clean end (the last, empty chunk).
     *
     * @throws IOException if the stream ends in the middle, breaks the chunked coding or carries an
     *     object longer than the limit
     */
    public String next() throws IOException {
        line.reset();
        while (true) {
            int b = readBodyByte();
            if (b < 0) {
                if (line.size() > 0) {
                    throw new EOFException("the watch stream ended inside a JSON object");
                }
                return null;
            }
            if (b == '\n') {
                if (line.size() > 0) {
                    return line.toString(StandardCharsets.UTF_8);
                }
                continue;
            }
            if (line.size() >= maxObject) {
                throw new IOException("a JSON object in the stream is longer than " + maxObject + " bytes");
            }
            line.write(b);
        }
    }

    private int readBodyByte() throws IOException {
        if (ended) {
            return -1;
        }
        if (chunkLeft == 0) {
            long size = readChunkSize();
            if (size == 0) {
                ended = true;
                return -1;
            }
            chunkLeft = size;
        }
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the stream ended inside a chunk");
        }
        if (--chunkLeft == 0) {
            expectCrlf();
        }
        return b;
    }

    private void expectCrlf() throws IOException {
        int cr = in.read();
        int lf = in.read();
        if (cr != '\r' || lf != '\n') {
            throw new IOException("a chunk is not followed by CRLF");
        }
    }

    private long readChunkSize() throws IOException {
        StringBuilder s = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the stream ended before the next chunk's size");
            }
            if (b == '\n') {
                break;
            }
            if (s.length() >= MAX_SIZE_LINE) {
                throw new IOException("a chunk-size line is longer than " + MAX_SIZE_LINE + " bytes");
            }
            s.append((char) b);
        }
        int end = s.length();
        if (end == 0 || s.charAt(end - 1) != '\r') {
            throw new IOException("a chunk-size line does not end with CRLF");
        }
        int semi = s.indexOf(";");
        String hex = (semi >= 0 ? s.substring(0, semi) : s.substring(0, end - 1)).trim();
        if (hex.isEmpty() || hex.length() > 15) {
            throw new IOException("bad chunk size '" + hex + "'");
        }
        long size = 0;
        for (int i = 0; i < hex.length(); i++) {
            int d = Character.digit(hex.charAt(i), 16);
            if (d < 0) {
                throw new IOException("bad chunk size '" + hex + "'");
            }
            size = size * 16 + d;
        }
        return size;
    }
}
