package io.shrapnel.rpc;

import io.shrapnel.kernel.ConditionVariable;

/**
 * The sending side of a stream's flow control: how many more messages, and how many more payload
 * bytes, the receiver accepts. Each stream starts with {@link #INITIAL} messages and
 * {@link #INITIAL_BYTES} bytes (both sides know them: no round trip before the first message); the
 * receiver sends CREDIT frames as it consumes. {@link #acquire} parks while either window is
 * used up, so a slow reader of big messages parks the sender after about a megabyte, not after 32
 * messages of any size. A message bigger than the whole byte window goes when the window is whole
 * (alone). {@link #fail} wakes every waiter with the call's end.
 *
 * <p>Threading: the connection's loop.
 */
final class Credits {
    /** Messages a stream may have in flight before the first CREDIT. */
    static final int INITIAL = 32;
    /** Payload bytes a stream may have in flight before the first CREDIT. */
    static final long INITIAL_BYTES = 1 << 20;

    private final ConditionVariable<Object> available = new ConditionVariable<>();
    private long left = INITIAL;
    private long leftBytes = INITIAL_BYTES;
    private RpcException failure;

    /** Takes the credit for one message of {@code bytes} payload bytes, parking until there is. */
    void acquire(int bytes) throws RpcException {
        while ((left == 0 || !fits(leftBytes, bytes)) && failure == null) {
            available.await();
        }
        if (failure != null) {
            throw failure;
        }
        left--;
        leftBytes -= bytes;
    }

    /**
     * Whether a message of {@code bytes} may go with {@code window} bytes of credit left: it fits, or
     * the window is whole (nothing in flight), which lets a message bigger than the window through.
     * The receiver checks the same rule.
     */
    static boolean fits(long window, long bytes) {
        return bytes <= window || window >= INITIAL_BYTES;
    }

    void add(long n, long bytes) {
        left += n;
        leftBytes += bytes;
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
}
