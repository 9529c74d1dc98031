package io.shrapnel.codecs.amqp;

import java.io.IOException;

/**
 * Bytes from the peer that break AMQP 0-9-1: a frame that does not end in 0xCE, a frame larger than
 * the negotiated frame max, an unknown frame type or method, a field table that is truncated or
 * nested too deep, a heartbeat that never came. The connection is closed when one is thrown.
 *
 * <p>{@link #replyCode()} is the connection-level reply code the client sends to the broker in its
 * {@code connection.close} (501 frame error, 502 syntax error, 503 command invalid, 505 unexpected
 * frame, 540 not implemented).
 */
public final class AmqpProtocolException extends IOException {
    private final int replyCode;

    public AmqpProtocolException(int replyCode, String message) {
        super(message);
        this.replyCode = replyCode;
    }

    /** The AMQP reply code for this kind of fault. */
    public int replyCode() {
        return replyCode;
    }
}
