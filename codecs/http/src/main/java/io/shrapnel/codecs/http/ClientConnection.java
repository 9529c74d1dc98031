package io.shrapnel.codecs.http;

import io.shrapnel.codecs.http.internal.HttpInput;
import io.shrapnel.codecs.http.internal.HttpOutput;
import io.shrapnel.codecs.http.internal.Transport;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * One client connection to one origin: writes requests, reads their responses, and knows whether it
 * can carry another exchange.
 *
 * <p>Threading: used by one coro at a time (the pool hands it out).
 */
final class ClientConnection {
    final Origin origin;
    final Transport transport;
    final HttpInput in;
    final HttpOutput out;
    /** Requests sent on it (a reused connection may have been closed by the server meanwhile). */
    int uses;
    long idleSince;
    boolean reusable = true;
    /** Some byte of the current response arrived (then a failure is not a stale connection). */
    boolean answered;

    ClientConnection(Origin origin, Transport transport) {
        this.origin = origin;
        this.transport = transport;
        this.in = new HttpInput(transport, 16 * 1024);
        this.out = new HttpOutput(transport, 16 * 1024);
    }

    /** Writes one request (head and body) into the output buffer; the caller flushes. */
    void write(ClientRequest r, boolean absoluteForm) throws IOException {
        uses++;
        answered = false;
        URI u = r.uri();
        String target;
        if (absoluteForm) {
            target = origin + rawPathAndQuery(u);
        } else {
            target = rawPathAndQuery(u);
        }
        out.writeLatin1(r.method() + " " + target + " HTTP/1.1\r\n");
        Headers h = r.headers();
        if (!h.has("Host")) {
            header("Host", origin.authority());
        }
        for (int i = 0; i < h.size(); i++) {
            String n = h.name(i);
            if (n.equalsIgnoreCase("Content-Length") || n.equalsIgnoreCase("Transfer-Encoding")) {
                continue; // the body decides
            }
            if (n.equalsIgnoreCase("Connection") && h.value(i).equalsIgnoreCase("close")) {
                reusable = false;
            }
            header(n, h.value(i));
        }
        byte[] body = r.bodyBytes();
        InputStream stream = r.bodyStream();
        if (stream != null) {
            header("Transfer-Encoding", "chunked");
            out.writeLatin1("\r\n");
            try (BodyOutput chunks = BodyOutput.of(Framing.CHUNKED, out)) {
                stream.transferTo(chunks);
            }
        } else {
            if (body != null || needsLength(r.method())) {
                header("Content-Length", Integer.toString(body == null ? 0 : body.length));
            }
            out.writeLatin1("\r\n");
            if (body != null) {
                out.write(body);
            }
        }
    }

    private static boolean needsLength(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }

    private void header(String name, String value) throws IOException {
        out.writeLatin1(name);
        out.writeLatin1(": ");
        out.writeLatin1(value);
        out.writeLatin1("\r\n");
    }

    private static String rawPathAndQuery(URI u) {
        String p = u.getRawPath();
        if (p == null || p.isEmpty()) {
            p = "/";
        }
        return u.getRawQuery() != null ? p + "?" + u.getRawQuery() : p;
    }

    /** A response head and how its body is delimited. */
    record Answer(HeadParser.ResponseHead head, Framing framing) {}

    /**
     * Reads the head of the response to a request with {@code method} (skipping 1xx interim
     * responses) and decides whether the connection can carry another exchange after its body.
     */
    Answer readHead(String method, Limits limits) throws IOException {
        HeadParser.ResponseHead head;
        while (true) {
            if (!in.fill()) {
                throw new EOFException("the server closed the connection without answering");
            }
            answered = true; // a byte came: a failure from now on is no stale connection, nothing to retry
            head = HeadParser.readResponse(in, limits); // not null: a byte is buffered
            if (head.status() >= 200 || head.status() == 101) {
                break;
            }
        }
        Headers h = head.headers();
        Framing f = Framing.ofResponse(h, head.status(), method);
        if (f.kind() == Framing.Kind.UNTIL_CLOSE || h.hasToken("Connection", "close")
                || (head.minor() == 0 && !h.hasToken("Connection", "keep-alive")) || head.status() == 101) {
            reusable = false;
        }
        return new Answer(head, f);
    }

    /** Reads the response to a request with {@code method}, its whole body in memory. */
    ClientResponse read(String method, URI uri, Limits limits) throws IOException {
        Answer a = readHead(method, limits);
        Framing f = a.framing();
        if (f.kind() == Framing.Kind.SIZED && f.length() > limits.maxBody()) {
            throw new HttpProtocolException(502, "a response body of " + f.length() + " bytes is larger than the client's limit of "
                    + limits.maxBody());
        }
        // Bounded by the read below, so that a chunked body over the limit is a 502 like any other
        // (the chunk decoder's own limit answers 413, a server's status).
        BodyInput body = BodyInput.of(f, in, limits.withMaxBody(Long.MAX_VALUE));
        byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxBody() + 1));
        if (bytes.length > limits.maxBody()) {
            throw new HttpProtocolException(502, "a response body larger than the client's limit of " + limits.maxBody());
        }
        HeadParser.ResponseHead head = a.head();
        return new ClientResponse(uri, head.status(), head.reason(), version(head), head.headers(), bytes);
    }

    static String version(HeadParser.ResponseHead head) {
        return head.minor() == 1 ? "HTTP/1.1" : "HTTP/1.0";
    }

    void close() {
        reusable = false;
        transport.close();
    }
}
