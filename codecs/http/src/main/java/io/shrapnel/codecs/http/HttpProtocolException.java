package io.shrapnel.codecs.http;

import java.io.IOException;

/**
 * A message that breaks HTTP/1.1's rules or one of the {@link Limits}. On a server, {@link #status()}
 * is the response it gets (400, 413, 414, 431, 501, 505...) before the connection is closed; on a
 * client it means the server's response could not be read safely.
 */
public final class HttpProtocolException extends IOException {
    private final int status;

    public HttpProtocolException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The status a server answers with. */
    public int status() {
        return status;
    }

    @Override
    public String toString() {
        return "HttpProtocolException(" + status + "): " + getMessage();
    }
}
