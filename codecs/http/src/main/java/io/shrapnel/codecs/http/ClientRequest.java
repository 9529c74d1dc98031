package io.shrapnel.codecs.http;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * A request for {@link HttpClient}: method, absolute URI, headers and an optional body. A byte-array
 * body is sent with its {@code Content-Length}; a stream body is sent chunked (and cannot be replayed,
 * so such a request is never retried or redirected with its body).
 *
 * <pre>{@code
 * ClientRequest.get("http://127.0.0.1:8080/hello").header("Accept", "text/plain")
 * ClientRequest.post("http://127.0.0.1:8080/echo", bytes)
 * }</pre>
 *
 * <p>Threading: build it in one coro; once sent it is only read.
 */
public final class ClientRequest {
    private final String method;
    private final URI uri;
    private final Headers headers = new Headers();
    private byte[] body;
    private InputStream bodyStream;
    private Duration timeout;

    private ClientRequest(String method, URI uri) {
        this.method = Objects.requireNonNull(method, "method");
        this.uri = Objects.requireNonNull(uri, "uri");
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("an HTTP request needs an absolute http:// or https:// URI with a host, not " + uri);
        }
        if (!Tokens.isToken(method)) {
            throw new IllegalArgumentException("'" + method + "' is not a valid method");
        }
    }

    public static ClientRequest of(String method, String uri) {
        return new ClientRequest(method, URI.create(uri));
    }

    public static ClientRequest of(String method, URI uri) {
        return new ClientRequest(method, uri);
    }

    public static ClientRequest get(String uri) {
        return of("GET", uri);
    }

    public static ClientRequest head(String uri) {
        return of("HEAD", uri);
    }

    public static ClientRequest post(String uri, byte[] body) {
        return of("POST", uri).body(body);
    }

    public static ClientRequest post(String uri, String body) {
        return post(uri, body.getBytes(StandardCharsets.UTF_8));
    }

    public ClientRequest header(String name, String value) {
        headers.add(name, value);
        return this;
    }

    /** A body sent with its length. */
    public ClientRequest body(byte[] body) {
        this.body = body;
        this.bodyStream = null;
        return this;
    }

    /** A body of unknown length, sent chunked as it is read. */
    public ClientRequest body(InputStream body) {
        this.bodyStream = body;
        this.body = null;
        return this;
    }

    /** A limit for this request (connect, send and the whole response); the client's default otherwise. */
    public ClientRequest timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    public String method() {
        return method;
    }

    public URI uri() {
        return uri;
    }

    public Headers headers() {
        return headers;
    }

    byte[] bodyBytes() {
        return body;
    }

    InputStream bodyStream() {
        return bodyStream;
    }

    Duration timeout() {
        return timeout;
    }

    /** Can be sent again on another connection (no body, or a byte-array body). */
    boolean isReplayable() {
        return bodyStream == null;
    }

    /** Safe to retry when a reused connection turns out to be closed (RFC 9110 9.2.2). */
    boolean isIdempotent() {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE" -> true;
            default -> false;
        };
    }

    /** The same request to another URI, as a redirect makes it ({@code keepBody} false turns it into a GET). */
    ClientRequest redirectTo(URI target, boolean keepBody, boolean sameOrigin) {
        ClientRequest r = new ClientRequest(keepBody ? method : (method.equals("HEAD") ? "HEAD" : "GET"), target);
        headers.forEach((n, v) -> {
            if (n.equalsIgnoreCase("Host") || (!keepBody && (n.equalsIgnoreCase("Content-Type") || n.equalsIgnoreCase("Content-Length")))
                    || (!sameOrigin && (n.equalsIgnoreCase("Authorization") || n.equalsIgnoreCase("Cookie")))) {
                return;
            }
            r.headers.add(n, v);
        });
        if (keepBody) {
            r.body = body;
        }
        r.timeout = timeout;
        return r;
    }

    @Override
    public String toString() {
        return method + " " + uri;
    }
}
