package io.shrapnel.rpc;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import io.shrapnel.kernel.Fifo;
import java.nio.ByteBuffer;
import java.util.function.LongConsumer;

/**
 * The receiving side of a stream: parsed messages queued for the reading coro, then a terminal
 * object ({@link #END} or an {@link RpcException}). The queue is bounded by the credits this side
 * granted: a peer that sends more breaks the protocol and its call fails. Each message taken counts
 * towards the next CREDIT frame (sent once half the initial window has been consumed).
 *
 * <p>Threading: the connection's loop (the reader coro delivers, the call's coro takes).
 */
final class Inbound<T> {
    /** The stream ended normally. */
    static final Object END = new Object() {
        @Override
        public String toString() {
            return "END";
        }
    };

    private final Fifo<Object> queue = new Fifo<>();
    private final Parser<T> parser;
    private final String typeName;
    private final LongConsumer creditSender;
    /** Messages the peer may still send before its next CREDIT. */
    private long granted = Credits.INITIAL;
    /** Messages taken since the last CREDIT was sent. */
    private long consumed;
    private boolean terminated;

    Inbound(Parser<T> parser, String typeName, LongConsumer creditSender) {
        this.parser = parser;
        this.typeName = typeName;
        this.creditSender = creditSender;
    }

    /**
     * Parses and queues a message (on the reader coro).
     *
     * @throws RpcException INTERNAL if the payload is not a {@code T}, RESOURCE_EXHAUSTED if the peer
     *     sent more messages than it had credits for
     */
    void deliver(ByteBuffer payload) throws RpcException {
        if (terminated) {
            return;
        }
        if (granted <= 0) {
            throw new RpcException(StatusCode.RESOURCE_EXHAUSTED, "the peer sent more messages than it had credits for");
        }
        granted--;
        T message;
        try {
            message = parser.parseFrom(CodedInputStream.newInstance(payload));
        } catch (InvalidProtocolBufferException e) {
            throw new RpcException(StatusCode.INTERNAL, "the payload is not a " + typeName + ": " + e.getMessage(), e);
        }
        queue.push(message);
    }

    /** Queues the end of the stream: {@link #END} or an {@link RpcException}. Only the first counts. */
    void terminate(Object terminal) {
        if (!terminated) {
            terminated = true;
            queue.push(terminal);
        }
    }

    boolean isTerminated() {
        return terminated;
    }

    /**
     * The next message, or the terminal object (left in place, so every later take sees it too).
     * Parks while the queue is empty.
     */
    Object take() {
        Object o = queue.pop();
        if (o == END || o instanceof RpcException) {
            queue.pushFront(o);
            return o;
        }
        if (++consumed >= Credits.INITIAL / 2) {
            granted += consumed;
            creditSender.accept(consumed);
            consumed = 0;
        }
        return o;
    }

    int queued() {
        return queue.size();
    }
}
