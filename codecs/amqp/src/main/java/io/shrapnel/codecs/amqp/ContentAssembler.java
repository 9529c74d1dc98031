package io.shrapnel.codecs.amqp;

import io.shrapnel.codecs.amqp.internal.ContentHeader;
import io.shrapnel.codecs.amqp.internal.Frame;
import io.shrapnel.codecs.amqp.internal.Method;
import io.shrapnel.codecs.amqp.internal.WireReader;
import java.util.Arrays;

/**
 * Turns a channel's frames into methods and whole messages: a content method, then its header,
 * then body frames up to the header's size. Anything out of that order is 505 UNEXPECTED_FRAME; a
 * body larger than the configured maximum is refused before any of it is buffered.
 *
 * <p>Threading: the connection's reader coro only.
 */
final class ContentAssembler {
    static final int UNEXPECTED_FRAME = 505;

    /** A method without content ({@code properties} null), or a content method with its message. */
    record Complete(Method method, Properties properties, byte[] body) {}

    private final int channel;
    private final long maxMessageSize;
    private Method method;
    private ContentHeader header;
    private byte[] body;
    private int filled;

    ContentAssembler(int channel, long maxMessageSize) {
        this.channel = channel;
        this.maxMessageSize = maxMessageSize;
    }

    /** The frame's result once something is complete, else null. */
    Complete accept(Frame f) throws AmqpProtocolException {
        switch (f.type()) {
            case Frame.METHOD -> {
                if (method != null) {
                    throw unexpected("a method frame", "the content of " + method.spec());
                }
                Method m = Method.decode(new WireReader(f.payload()));
                if (!m.spec().hasContent()) {
                    return new Complete(m, null, null);
                }
                method = m;
                return null;
            }
            case Frame.HEADER -> {
                if (method == null || header != null) {
                    throw unexpected("a content header", method == null ? "a method" : "body frames");
                }
                header = ContentHeader.decode(new WireReader(f.payload()));
                if (header.bodySize() > maxMessageSize || header.bodySize() < 0) {
                    throw new AmqpProtocolException(501, "message of " + Long.toUnsignedString(header.bodySize())
                            + " bytes on channel " + channel + " is larger than the limit of " + maxMessageSize);
                }
                body = new byte[(int) Math.min(header.bodySize(), 64 * 1024)];
                filled = 0;
                return header.bodySize() == 0 ? complete() : null;
            }
            default -> {
                if (header == null) {
                    throw unexpected("a body frame", method == null ? "a method" : "a content header");
                }
                byte[] p = f.payload();
                if (filled + (long) p.length > header.bodySize()) {
                    throw unexpected("a body frame past the size in the header (" + header.bodySize() + ")", "a method");
                }
                if (filled + p.length > body.length) {
                    body = Arrays.copyOf(body, (int) Math.min(header.bodySize(), Math.max(body.length * 2L, filled + p.length)));
                }
                System.arraycopy(p, 0, body, filled, p.length);
                filled += p.length;
                return filled == header.bodySize() ? complete() : null;
            }
        }
    }

    private Complete complete() {
        Complete c = new Complete(method, header.properties(), body);
        method = null;
        header = null;
        body = null;
        return c;
    }

    private AmqpProtocolException unexpected(String got, String wanted) {
        return new AmqpProtocolException(UNEXPECTED_FRAME, "channel " + channel + ": " + got + " where "
                + wanted + " should come");
    }
}
