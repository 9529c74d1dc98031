package io.shrapnel.codecs.mysql;

import java.io.IOException;

/**
 * The server broke the protocol (a truncated or malformed packet, a wrong sequence id, an
 * unknown authentication method...). The connection that saw it is closed.
 */
public final class MySqlProtocolException extends IOException {
    public MySqlProtocolException(String message) {
        super(message);
    }

    public MySqlProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
