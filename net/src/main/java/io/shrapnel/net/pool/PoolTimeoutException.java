package io.shrapnel.net.pool;

import java.io.IOException;

/** {@link Pool#acquire} waited its whole timeout and no connection became free. */
public final class PoolTimeoutException extends IOException {
    public PoolTimeoutException(String message) {
        super(message);
    }
}
