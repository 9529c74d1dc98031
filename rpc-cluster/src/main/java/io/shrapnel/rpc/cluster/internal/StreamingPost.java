package io.shrapnel.rpc.cluster.internal;

import io.shrapnel.net.TcpSock;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One POST whose response is an endless chunked stream (etcd's {@code /v3/watch}), on its own
 * connection. The library's {@code HttpClient} reads whole bodies only, so this class writes the
 * request and reads the response head itself; the body goes to {@link JsonLines}.
 *
 * <p>Threading: used by the one coro that opened it; {@link #close()} from any coro of its loop.
 */
public final class StreamingPost implements AutoCloseable {
    static final int MAX_HEAD = 16 * 1024;
    private final TcpSock sock;
    private final JsonLines lines;

    private StreamingPost(TcpSock sock, JsonLines lines) {
        this.sock = sock;
        this.lines = lines;
    }

    /**
     * Connects to {@code endpoint} (http://host:port), posts {@code json} to {@code path} and reads
     * the response head.
     *
     * @throws IOException if the endpoint cannot be reached or does not answer 200 with a chunked body
     */
    public static StreamingPost open(URI endpoint, String path, String json, int maxObject) throws IOException {
        TcpSock sock = TcpSock.create();
        try {
            sock.connect(endpoint.getHost(), endpoint.getPort());
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            String head = "POST " + path + " HTTP/1.1\r\nHost: " + endpoint.getHost() + ":" + endpoint.getPort()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
            byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
            byte[] all = new byte[h.length + body.length];
            System.arraycopy(h, 0, all, 0, h.length);
            System.arraycopy(body, 0, all, h.length, body.length);
            sock.sendAll(all);
            InputStream in = new BufferedInputStream(sock.inputStream(), 8192);
            readHead(in, endpoint + path);
            return new StreamingPost(sock, new JsonLines(in, maxObject));
        } catch (IOException | RuntimeException | Error e) {
            new StreamingPost(sock, null).close();
            throw e;
        }
    }

    /** Reads the status line and header fields; requires 200 and chunked transfer coding. */
    static void readHead(InputStream in, String what) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!(head.length() >= 4 && head.lastIndexOf("\r\n\r\n") == head.length() - 4)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException(what + ": the connection closed before the response head ended");
            }
            if (head.length() >= MAX_HEAD) {
                throw new IOException(what + ": a response head longer than " + MAX_HEAD + " bytes");
            }
            head.append((char) b);
        }
        String[] lines = head.toString().split("\r\n", -1);
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
            throw new IOException(what + ": not an HTTP/1.x response: '" + lines[0] + "'");
        }
        if (!status[1].equals("200")) {
            throw new IOException(what + ": answered " + lines[0].substring(status[0].length()).trim());
        }
        boolean chunked = false;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0 && lines[i].substring(0, colon).trim().equalsIgnoreCase("Transfer-Encoding")
                    && lines[i].substring(colon + 1).trim().equalsIgnoreCase("chunked")) {
                chunked = true;
            }
        }
        if (!chunked) {
            throw new IOException(what + ": the response is not a chunked stream");
        }
    }

    /** The next JSON object, or null when the server ended the stream. */
    public String next() throws IOException {
        return lines.next();
    }

    @Override
    public void close() {
        try {
            sock.close();
        } catch (IOException alreadyGone) {
            // nothing more to release
        }
    }
}
