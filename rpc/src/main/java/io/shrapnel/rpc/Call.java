package io.shrapnel.rpc;

/**
 * A client-streaming or bidirectional call as its caller sees it: {@link #send} requests,
 * {@link #halfClose()} when done, read responses with {@link #receive()} (a client-streaming call:
 * {@link #finish()}). {@code send} parks while the server has not credited more messages.
 *
 * <p>Threading: use it from coros of the loop of its channel (a reader and a writer coro may share it).
 */
public interface Call<Req, Resp> extends Responses<Resp> {
    /**
     * Sends one request, parking while the server's window is full.
     *
     * @throws RpcException if the call has already ended (with the status it ended with), or the
     *     message is larger than the maximum message size (RESOURCE_EXHAUSTED; the call is cancelled)
     */
    void send(Req request) throws RpcException;

    /** Tells the server no more requests come. Idempotent. */
    void halfClose() throws RpcException;

    /** Half-closes and returns the single response of a client-streaming call. */
    Resp finish() throws RpcException;
}
