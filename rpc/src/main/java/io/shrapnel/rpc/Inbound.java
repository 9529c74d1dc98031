package io.shrapnel.rpc;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import io.shrapnel.kernel.Fifo;
import java.nio.ByteBuffer;

/**
 * The receiving side of a stream: parsed messages queued for the reading coro, then a terminal
 * object ({@link #END} or an {@link RpcException}). The queue is bounded by the credits this side
 * granted, in messages and in payload bytes ({@link Credits}): a peer that sends more breaks the
 * protocol and its call fails. Each message taken counts towards the next CREDIT frame, sent once
 * half of either initial window has been consumed.
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
    private final CreditSender creditSender;
    /** Messages and payload bytes the peer may still send before its next CREDIT. */
    private long granted = Credits.INITIAL;
    private long grantedBytes = Credits.INITIAL_BYTES;
    /** Messages and payload bytes taken since the last CREDIT was sent. */
    private long consumed;
    private long consumedBytes;
    /** Payload sizes of the queued messages, oldest at {@code head} (at most INITIAL are queued). */
    private final int[] sizes = new int[Credits.INITIAL];
    private int head;
    private int count;
    private boolean terminated;

    /** Sends a CREDIT frame. */
    interface CreditSender {
        void grant(long messages, long bytes);
    }

    Inbound(Parser<T> parser, String typeName, CreditSender creditSender) {
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
        int size = payload.remaining();
        if (granted <= 0 || !Credits.fits(grantedBytes, size)) {
            throw new RpcException(StatusCode.RESOURCE_EXHAUSTED, "the peer sent more messages than it had credits for");
        }
        granted--;
        grantedBytes -= size;
        T message;
        try {
            message = parser.parseFrom(CodedInputStream.newInstance(payload));
        } catch (InvalidProtocolBufferException e) {
            throw new RpcException(StatusCode.INTERNAL, "the payload is not a " + typeName + ": " + e.getMessage(), e);
        }
        sizes[(head + count) % sizes.length] = size;
        count++;
        queue.push(message);
    }

    /**
     * Drops the messages queued and not yet taken: the call was given up on this side (cancelled, past
     * its deadline, or broken by the peer), and a later take sees only how it ended. Call before
     * {@link #terminate}; nothing is dropped once the stream has ended.
     */
    void discardQueued() {
        if (!terminated && !queue.isEmpty()) {
            queue.popAll();
            count = 0;
        }
    }

    /** Queues the end of the stream: {@link #END} or an {@link RpcException}. Only the first counts. */
    void terminate(Object terminal) {
        if (!terminated) {
            terminated = true;
            queue.push(terminal);
        }
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
        consumedBytes += sizes[head];
        head = (head + 1) % sizes.length;
        count--;
        if (++consumed >= Credits.INITIAL / 2 || consumedBytes >= Credits.INITIAL_BYTES / 2) {
            granted += consumed;
            grantedBytes += consumedBytes;
            creditSender.grant(consumed, consumedBytes);
            consumed = 0;
            consumedBytes = 0;
        }
        return o;
    }
}
