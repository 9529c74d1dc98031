package io.shrapnel.codecs.amqp;

import java.io.IOException;

/**
 * A publish was not confirmed: the broker nacked it, or the channel or connection closed while it
 * was in flight (then it may or may not have been routed; it was never silently lost).
 */
public final class PublishFailedException extends IOException {
    private final long sequence;

    public PublishFailedException(long sequence, String message, Throwable cause) {
        super("publish #" + sequence + " " + message, cause);
        this.sequence = sequence;
    }

    /** The publish sequence number on its channel (1 for the first publish after confirmSelect). */
    public long sequence() {
        return sequence;
    }
}
