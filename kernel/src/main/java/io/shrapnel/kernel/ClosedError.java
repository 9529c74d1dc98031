package io.shrapnel.kernel;

import java.io.IOException;

/** Another coro closed the channel this coro was waiting on. */
public final class ClosedError extends IOException {
    public ClosedError(String message) {
        super(message);
    }
}
