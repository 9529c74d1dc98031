package io.shrapnel.rpc;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The responses of a call, read one at a time by the calling coro. {@link #receive()} parks until
 * the next one arrives; the server sends at most as many as this side has credited (a window of
 * {@value Credits#INITIAL} messages, topped up as they are read), so a slow reader parks the server
 * instead of growing a queue. Iterating works too; the iterator throws {@link UncheckedRpcException}
 * when the call fails. {@link #close()} cancels a call that has not ended.
 *
 * <p>Threading: use it from coros of the loop of its channel.
 */
public interface Responses<T> extends Iterable<T>, AutoCloseable {
    /**
     * The next response, or null when the call has ended with OK.
     *
     * @throws RpcException if the call ended with another status (deadline, cancellation, lost connection...)
     */
    T receive() throws RpcException;

    /** Gives up on the call: the server's coro is interrupted; later receives throw CANCELLED. */
    void cancel();

    /** Cancels the call if it has not ended. */
    @Override
    void close();

    @Override
    default Iterator<T> iterator() {
        return new Iterator<>() {
            private T next;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (next == null && !done) {
                    try {
                        next = receive();
                    } catch (RpcException e) {
                        done = true;
                        throw new UncheckedRpcException(e);
                    }
                    done = next == null;
                }
                return next != null;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the call has ended");
                }
                T t = next;
                next = null;
                return t;
            }
        };
    }
}
