package io.shrapnel.codecs.http;

/**
 * Answers one request, as straight-line code in the coro of the connection: read the body, call
 * other services, write the response; blocking calls park the coro, not the loop.
 *
 * <pre>{@code
 * Handler hello = (req, res) -> res.send("hello");
 * }</pre>
 *
 * An exception thrown before the response head was sent becomes a 500 (or the status of an
 * {@link HttpProtocolException}); after it, the connection is closed, since the client cannot be
 * told otherwise.
 */
@FunctionalInterface
public interface Handler {
    void handle(Request request, Response response) throws Exception;
}
