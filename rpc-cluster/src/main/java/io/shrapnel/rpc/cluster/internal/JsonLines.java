package io.shrapnel.rpc.cluster.internal;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Splits the body of a streamed etcd gateway response (read as it arrives, from
 * {@code HttpClient.stream}) into its newline-delimited JSON objects, one per gateway message. The
 * HTTP client undoes the chunked coding; the JSON itself is parsed by protobuf's {@code JsonFormat}.
 *
 * <p>Threading: used by the one coro that reads the stream.
 */
public final class JsonLines {
    private final InputStream in;
    private final int maxObject;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int end;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    /**
     * @param in the response body
     * @param maxObject the largest JSON object accepted, in bytes
     */
    public JsonLines(InputStream in, int maxObject) {
        this.in = in;
        this.maxObject = maxObject;
    }

    /**
     * The next JSON object of the stream, or null at its clean end.
     *
     * @throws IOException if the stream ends inside an object, its framing is broken, or an object is
     *     longer than the limit
     */
    public String next() throws IOException {
        line.reset();
        while (true) {
            if (pos == end) {
                int n = in.read(buf, 0, buf.length);
                if (n < 0) {
                    if (line.size() > 0) {
                        throw new EOFException("the watch stream ended inside a JSON object");
                    }
                    return null;
                }
                pos = 0;
                end = n;
            }
            int start = pos;
            while (pos < end && buf[pos] != '\n') {
                pos++;
            }
            int n = pos - start;
            if (line.size() + n > maxObject) {
                throw new IOException("a JSON object in the stream is longer than " + maxObject + " bytes");
            }
            line.write(buf, start, n);
            if (pos < end) {
                pos++; // the newline
                if (line.size() > 0) {
                    return line.toString(StandardCharsets.UTF_8);
                }
            }
        }
    }
}
