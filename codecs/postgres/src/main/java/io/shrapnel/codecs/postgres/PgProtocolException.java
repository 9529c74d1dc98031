package io.shrapnel.codecs.postgres;

import java.io.IOException;

/**
 * The server sent something the protocol does not allow (a truncated or oversized message, an
 * unknown message type, an authentication method this client does not support) or the connection
 * died in the middle of an exchange. The connection is closed when this is thrown.
 */
public class PgProtocolException extends IOException {
    public PgProtocolException(String message) {
        super(message);
    }

    public PgProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
