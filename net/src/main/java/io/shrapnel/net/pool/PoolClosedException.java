package io.shrapnel.net.pool;

import java.io.IOException;

/** The pool was closed before (or while) a coro asked it for a connection. */
public final class PoolClosedException extends IOException {
    public PoolClosedException(String message) {
        super(message);
    }
}
