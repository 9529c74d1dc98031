package io.shrapnel.codecs.amqp;

import java.io.IOException;

/** No reply came in time to an {@link AmqpRpc#call}; a reply that comes later is dropped. */
public final class RpcTimeoutException extends IOException {
    public RpcTimeoutException(String message) {
        super(message);
    }
}
