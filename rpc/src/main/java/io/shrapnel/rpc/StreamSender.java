package io.shrapnel.rpc;

/**
 * The server's side of a response stream. {@link #send} parks the handler's coro while the client
 * has not credited more messages, so a slow client slows the handler down instead of filling memory.
 *
 * <p>Threading: the handler's coro (or another coro of its loop).
 */
public interface StreamSender<T> {
    /**
     * Sends one response.
     *
     * @throws RpcException if the message is larger than the maximum (RESOURCE_EXHAUSTED) or the
     *     client is gone (CANCELLED, UNAVAILABLE)
     */
    void send(T message) throws RpcException;
}
