package io.shrapnel.rpc;

/**
 * The server's side of a request stream: {@link #receive()} parks until the next request, and returns
 * null once the client has half-closed. Reading returns credits to the client, which parks when it
 * is {@value Credits#INITIAL} messages ahead.
 *
 * <p>Threading: the handler's coro (or another coro of its loop).
 */
public interface Requests<T> extends Iterable<T> {
    /** The next request, or null at the end of the stream. */
    T receive() throws RpcException;

    @Override
    default java.util.Iterator<T> iterator() {
        Responses<T> asStream = new Responses<>() {
            @Override
            public T receive() throws RpcException {
                return Requests.this.receive();
            }

            @Override
            public void cancel() {}

            @Override
            public void close() {}
        };
        return asStream.iterator();
    }
}
