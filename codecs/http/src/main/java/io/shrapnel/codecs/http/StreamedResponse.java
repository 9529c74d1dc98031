package io.shrapnel.codecs.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * A response from {@link HttpClient#stream} whose body is read as it arrives, through
 * {@link #body()}: sized, chunked or up to the close, never held whole in memory (the connection's
 * fixed read buffer is all it uses), so an endless stream (server-sent events, a watch) is fine.
 *
 * <pre>{@code
 * try (StreamedResponse r = client.stream(ClientRequest.get("http://127.0.0.1:8080/events"))) {
 *     InputStream in = r.body();
 *     byte[] buf = new byte[8192];
 *     for (int n; (n = in.read(buf)) > 0; ) {
 *         handle(buf, n);               // parks the coro until the next bytes arrive
 *     }
 * }
 * }</pre>
 *
 * Closing it (or its body) gives the connection back for reuse when the body was read to its end,
 * and closes the connection otherwise: closing mid-stream abandons it. {@link #close()} may be called
 * from another coro of the loop to stop a reader parked in {@code read}; that read then fails with an
 * {@link IOException}. Bad framing from the server (a cut or malformed chunk) fails the read with an
 * {@code IOException} ({@link HttpProtocolException} for malformed bytes).
 *
 * <p>Threading: read by one coro of the client's loop; {@link #close()} from any coro of that loop.
 */
public final class StreamedResponse implements AutoCloseable {
    private final URI uri;
    private final HeadParser.ResponseHead head;
    private final ClientConnection connection;
    private final ConnectionPool pool;
    private final BodyInput source;
    private final InputStream body;
    private boolean closed;

    StreamedResponse(URI uri, HeadParser.ResponseHead head, ClientConnection connection, ConnectionPool pool, BodyInput source) {
        this.uri = uri;
        this.head = head;
        this.connection = connection;
        this.pool = pool;
        this.source = source;
        this.body = new Body();
    }

    /** The URI that answered. */
    public URI uri() {
        return uri;
    }

    /** The status code. */
    public int status() {
        return head.status();
    }

    /** The reason phrase. */
    public String reason() {
        return head.reason();
    }

    /** "HTTP/1.1" or "HTTP/1.0". */
    public String version() {
        return ClientConnection.version(head);
    }

    /** The header fields. */
    public Headers headers() {
        return head.headers();
    }

    /** The first value of header {@code name}, or null. */
    public String header(String name) {
        return head.headers().first(name);
    }

    /**
     * The body, read as it arrives: each {@code read} parks the coro until some bytes are there and
     * returns -1 at the body's end. Closing it closes this response.
     */
    public InputStream body() {
        return body;
    }

    /** True if the body has been read to its end (the connection can then be reused). */
    public boolean isComplete() {
        return source.isDone();
    }

    /**
     * Ends the exchange: the connection goes back to the client's pool if the body was read to its
     * end, and is closed otherwise (a body abandoned midway). Calling it again does nothing.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        source.close();
        if (!source.isDone()) {
            connection.close();
        }
        pool.release(connection);
    }

    @Override
    public String toString() {
        return version() + " " + status() + " " + reason() + " (streamed) from " + uri;
    }

    /** The body's stream; reads fail once the response is closed. */
    private final class Body extends InputStream {
        @Override
        public int read() throws IOException {
            return source.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return source.read(b, off, len);
        }

        @Override
        public int available() throws IOException {
            return source.available();
        }

        @Override
        public void close() {
            StreamedResponse.this.close();
        }
    }
}
