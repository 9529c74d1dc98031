package io.shrapnel.codecs.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The response a handler builds: set the status and headers, then either {@link #send} a whole body
 * (sent with a {@code Content-Length}) or take {@link #outputStream()} and stream it (chunked, unless
 * you set {@code Content-Length} first). The head goes out with the first byte of the body, so the
 * status and headers can change until then. A handler that sends nothing answers with its status
 * and an empty body.
 *
 * <p>The server adds {@code Date} and the framing headers; it answers HEAD with the head of the GET
 * response and no body, whatever the handler writes.
 *
 * <p>Threading: belongs to the coro of its connection.
 */
public final class Response {
    private final Exchange exchange;
    private int status = 200;
    private final Headers headers = new Headers();
    private BodyOutput body;

    Response(Exchange exchange) {
        this.exchange = exchange;
    }

    public Response status(int status) {
        checkOpen("status");
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("a final status is 200..599, not " + status
                    + (status == 101 ? "; use WebSocket.upgrade for 101" : ""));
        }
        this.status = status;
        return this;
    }

    public int status() {
        return status;
    }

    public Headers headers() {
        return headers;
    }

    /** Sets (replaces) one header. */
    public Response header(String name, String value) {
        checkOpen("header");
        headers.set(name, value);
        return this;
    }

    public Response contentType(String type) {
        return header("Content-Type", type);
    }

    /** Sends {@code body} as the whole body, with its length. */
    public void send(byte[] body) throws IOException {
        send(body, 0, body.length);
    }

    public void send(byte[] body, int off, int len) throws IOException {
        checkOpen("send");
        headers.set("Content-Length", Integer.toString(len));
        BodyOutput out = commit();
        out.write(body, off, len);
        out.close();
    }

    /** Sends {@code text} as UTF-8 (as {@code text/plain; charset=utf-8} unless a type was set). */
    public void send(String text) throws IOException {
        if (!headers.has("Content-Type")) {
            headers.set("Content-Type", "text/plain; charset=utf-8");
        }
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends the head and returns the body stream: sized if {@code Content-Length} is set, else
     * chunked (HTTP/1.0 clients: up to the close). Close it, or let the handler return, to end the body;
     * {@code flush()} pushes what was written so far to the client.
     */
    public OutputStream outputStream() throws IOException {
        if (body != null) {
            return body;
        }
        return commit();
    }

    /** True once the head has been sent (status and headers can no longer change). */
    public boolean isCommitted() {
        return body != null;
    }

    /** Sends the head now (for a streaming response) and returns the body stream. */
    BodyOutput commit() throws IOException {
        checkOpen("commit");
        body = exchange.writeHead(status, headers);
        return body;
    }

    /** Ends the response if the handler did not (an empty body, or the end of a streamed one). */
    void finish() throws IOException {
        if (body == null) {
            if (!headers.has("Content-Length") && status != 204 && status != 304) {
                headers.set("Content-Length", "0");
            }
            commit();
        }
        body.close();
    }

    private void checkOpen(String what) {
        if (body != null) {
            throw new IllegalStateException(what + " after the response head was sent; set status and headers"
                    + " before send() or outputStream()");
        }
    }
}
