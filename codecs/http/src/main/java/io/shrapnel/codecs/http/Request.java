package io.shrapnel.codecs.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A request as a handler sees it: the head, the path parameters the router matched, and the body as
 * a stream that is read from the connection as the handler reads it (a large upload is never held
 * in memory unless the handler asks for {@link #bodyBytes()}).
 *
 * <p>Threading: belongs to the coro of its connection.
 */
public final class Request {
    private final String method;
    private final String target;
    private final int minor;
    private final Headers headers;
    private final BodyInput body;
    private final Object remote;
    private final Exchange exchange;
    private String path;
    private String query;
    private Map<String, String> pathParams = Map.of();

    Request(String method, String target, int minor, Headers headers, BodyInput body, Object remote, Exchange exchange) {
        this.method = method;
        this.target = target;
        this.minor = minor;
        this.headers = headers;
        this.body = body;
        this.remote = remote;
        this.exchange = exchange;
        int q = target.indexOf('?');
        this.path = q < 0 ? target : target.substring(0, q);
        this.query = q < 0 ? null : target.substring(q + 1);
        if (path.startsWith("http://") || path.startsWith("https://")) {
            // absolute-form (what a proxy gets): the path starts after the authority
            int slash = path.indexOf('/', path.indexOf("//") + 2);
            path = slash < 0 ? "/" : path.substring(slash);
        }
    }

    public String method() {
        return method;
    }

    /** The request target as sent: path and query, still percent-encoded. */
    public String target() {
        return target;
    }

    /** The path part of the target, still percent-encoded (the router decodes each segment). */
    public String path() {
        return path;
    }

    /** The query string without the '?', still encoded; null if there is none. */
    public String query() {
        return query;
    }

    /** The first value of a query parameter, decoded; null if absent. */
    public String queryParam(String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            if (decode(k).equals(name)) {
                return eq < 0 ? "" : decode(pair.substring(eq + 1));
            }
        }
        return null;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // a broken escape: keep it as it came
        }
    }

    /** "HTTP/1.1" or "HTTP/1.0". */
    public String version() {
        return minor == 1 ? "HTTP/1.1" : "HTTP/1.0";
    }

    public Headers headers() {
        return headers;
    }

    /** The first value of header {@code name}, or null. */
    public String header(String name) {
        return headers.first(name);
    }

    /** A path parameter the router matched ({@code /users/{id}} gives {@code id}), or null. */
    public String pathParam(String name) {
        return pathParams.get(name);
    }

    public Map<String, String> pathParams() {
        return pathParams;
    }

    void pathParams(Map<String, String> params) {
        this.pathParams = params;
    }

    /**
     * The body, read from the connection as you read it; empty if the request has none. The first
     * read answers {@code Expect: 100-continue}. Reads past {@link Limits#maxBody()} fail with a
     * {@link HttpProtocolException} (413).
     */
    public InputStream body() {
        return body;
    }

    /** The whole body (at most {@link Limits#maxBody()} bytes). */
    public byte[] bodyBytes() throws IOException {
        return body.readAllBytes();
    }

    /** The whole body as UTF-8 text. */
    public String bodyText() throws IOException {
        return new String(bodyBytes(), StandardCharsets.UTF_8);
    }

    /** True if the request has a body (a length above zero, or chunked). */
    public boolean hasBody() {
        return !(body instanceof BodyInput.Sized s) || s.length() > 0;
    }

    /** The peer's address (a {@code SocketAddress} on a socket), or null. */
    public Object remoteAddress() {
        return remote;
    }

    /** The exchange this request belongs to (for the WebSocket upgrade). */
    Exchange exchange() {
        return exchange;
    }

    @Override
    public String toString() {
        return method + " " + target + " " + version();
    }
}
