package io.shrapnel.rpc;

import io.shrapnel.kernel.ConditionVariable;

/**
 * The sending side of a stream's flow control: how many more messages the receiver accepts.
 * Each stream starts with {@link #INITIAL} (both sides know it: no round trip before the first
 * message); the receiver sends CREDIT frames as it consumes. {@link #acquire()} parks while none
 * are left; {@link #fail} wakes every waiter with the call's end.
 *
 * <p>Threading: the connection's loop.
 */
final class Credits {
    /** Messages a stream may have in flight before the first CREDIT. */
    static final int INITIAL = 32;

    private final ConditionVariable<Object> available = new ConditionVariable<>();
    private long left = INITIAL;
    private RpcException failure;

    /** Takes one credit, parking while there is none. */
    void acquire() throws RpcException {
        while (left == 0 && failure == null) {
            available.await();
        }
        if (failure != null) {
            throw failure;
        }
        left--;
    }

    void add(long n) {
        left += n;
        if (available.size() > 0) {
            available.wakeAll(null);
        }
    }

    /** Ends the stream: waiting and later acquires throw {@code why}. */
    void fail(RpcException why) {
        if (failure == null) {
            failure = why;
        }
        if (available.size() > 0) {
            available.wakeAll(null);
        }
    }

    long left() {
        return left;
    }
}
