package io.shrapnel.codecs.http;

import io.shrapnel.codecs.http.internal.HttpOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * One request and its response on a server connection: what the response head needs to know about
 * the request (method, version, keep-alive, a pending {@code 100 Continue}), and the writing of that head.
 *
 * <p>Threading: belongs to the coro of its connection.
 */
final class Exchange {
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] DATE = "Date: ".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] CHUNKED = "Transfer-Encoding: chunked\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] CLOSE = "Connection: close\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] KEEP_ALIVE = "Connection: keep-alive\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] COLON = {':', ' '};

    final ServerSession session;
    final HttpOutput out;
    final String method;
    final int minor;
    /** Whether the connection carries on after this exchange; only ever turns false. */
    boolean keepAlive;
    /** The client waits for {@code 100 Continue} before it sends the body. */
    boolean expectContinue;
    private boolean continueSent;
    private boolean headSent;
    /** Set by a WebSocket upgrade: the connection now belongs to the handler. */
    boolean upgraded;

    Exchange(ServerSession session, HttpOutput out, String method, int minor, boolean keepAlive) {
        this.session = session;
        this.out = out;
        this.method = method;
        this.minor = minor;
        this.keepAlive = keepAlive;
    }

    /** Sends {@code 100 Continue} (the first body read calls this), unless the response has begun. */
    void sendContinue() throws IOException {
        if (!continueSent && !headSent) {
            continueSent = true;
            out.write(CONTINUE); // flushed when the body read waits for the client
        }
    }

    boolean isHeadSent() {
        return headSent;
    }

    /** Writes the response head and returns the body stream it announced. */
    BodyOutput writeHead(int status, Headers h) throws IOException {
        headSent = true;
        HttpServerMetrics m = session.metrics;
        if (m != null) {
            m.responded(status);
        }
        if (expectContinue && !continueSent) {
            // The client holds its body back; we cannot read past it to the next request.
            keepAlive = false;
        }
        if (h.hasToken("Connection", "close")) {
            keepAlive = false;
        }
        h.remove("Transfer-Encoding");
        Framing f;
        boolean noBody = status == 204 || status == 304 || status < 200;
        if (noBody) {
            f = Framing.NONE;
        } else if (h.has("Content-Length")) {
            f = Framing.sized(Long.parseLong(h.first("Content-Length")));
        } else if (minor == 1) {
            f = Framing.CHUNKED;
        } else {
            f = Framing.UNTIL_CLOSE;
            keepAlive = false;
        }
        if (session.closing()) {
            keepAlive = false;
        }
        out.write(Status.statusLine(status));
        out.write(DATE);
        out.writeLatin1(HttpDate.now());
        out.write(CRLF);
        for (int i = 0, n = h.size(); i < n; i++) {
            String name = h.name(i);
            if (name.equalsIgnoreCase("Connection") || name.equalsIgnoreCase("Date")) {
                continue; // ours
            }
            out.writeLatin1(name);
            out.write(COLON);
            out.writeLatin1(h.value(i));
            out.write(CRLF);
        }
        if (f.kind() == Framing.Kind.CHUNKED) {
            out.write(CHUNKED);
        }
        if (!keepAlive) {
            out.write(CLOSE);
        } else if (minor == 0) {
            out.write(KEEP_ALIVE);
        }
        out.write(CRLF);
        if (method.equals("HEAD")) {
            return BodyOutput.discarding();
        }
        return BodyOutput.of(f, out);
    }

    /** Writes the {@code 101 Switching Protocols} head of an upgrade; the connection is the caller's from now on. */
    void writeUpgrade(Headers h) throws IOException {
        headSent = true;
        upgraded = true;
        keepAlive = false;
        if (session.metrics != null) {
            session.metrics.responded(101);
        }
        out.write(Status.statusLine(101));
        for (int i = 0, n = h.size(); i < n; i++) {
            out.writeLatin1(h.name(i));
            out.write(COLON);
            out.writeLatin1(h.value(i));
            out.write(CRLF);
        }
        out.write(CRLF);
        out.flush();
    }
}
