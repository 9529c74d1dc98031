package io.shrapnel.rpc.internal;

import java.io.IOException;

/** The peer broke the framing: the connection cannot go on and is closed. */
public final class ProtocolError extends IOException {
    public ProtocolError(String message) {
        super(message);
    }
}
