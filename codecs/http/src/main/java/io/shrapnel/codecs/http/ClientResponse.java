package io.shrapnel.codecs.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A response read by {@link HttpClient}, its body in memory (up to the client's
 * {@link Limits#maxBody()}).
 *
 * @param uri the URI that answered (after redirects)
 * @param status the status code
 * @param reason the reason phrase
 * @param version "HTTP/1.1" or "HTTP/1.0"
 * @param headers the header fields
 * @param body the body (empty for HEAD, 204, 304)
 */
public record ClientResponse(URI uri, int status, String reason, String version, Headers headers, byte[] body) {
    /** The body as UTF-8 text. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public String header(String name) {
        return headers.first(name);
    }

    @Override
    public String toString() {
        return version + " " + status + " " + reason + " (" + body.length + " bytes) from " + uri;
    }
}
