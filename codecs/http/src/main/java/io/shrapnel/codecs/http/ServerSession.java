package io.shrapnel.codecs.http;

import io.shrapnel.codecs.http.internal.HttpInput;
import io.shrapnel.codecs.http.internal.HttpOutput;
import io.shrapnel.codecs.http.internal.Transport;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.TimeoutError;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Serves the requests of one connection, one after the other, in its coro: read a head, run the
 * handler, finish the response, and go on while the connection is kept alive. Pipelined requests are
 * answered in order by construction; their responses collect in the output buffer and go out together
 * when the input has nothing more buffered (see {@link HttpInput#beforeWait}).
 *
 * <p>Every error of the client's making ends in a status (400, 408, 413, 414, 431, 501, 505) and a
 * close; an error of the connection (reset, timeout) ends the session quietly. Nothing it does can
 * reach another connection.
 *
 * <p>Threading: confined to the connection's coro.
 */
final class ServerSession {
    /** Most bytes of an unread request body dropped to keep a connection alive; more and it is closed. */
    private static final long DRAIN_LIMIT = 256 * 1024;
    /** How long, and how much, a closing connection reads after an error response (see lingeringClose). */
    private static final Duration LINGER = Duration.ofSeconds(2);
    private static final int LINGER_BYTES = 256 * 1024;

    private final Transport transport;
    private final Handler handler;
    private final Limits limits;
    private final HttpInput in;
    private final HttpOutput out;
    /** The limit of each wait for the client (null: none); changes with the phase of the exchange. */
    private Duration readTimeout;
    private boolean readTimedOut;
    /** The connection itself failed (reset, closed) under the handler: nothing to answer, nobody to tell. */
    private boolean transportFailed;
    private volatile boolean closing;
    /** Waiting for the next request of a kept-alive connection (a stopping server closes it at once). */
    private boolean idle;

    ServerSession(Transport transport, Handler handler, Limits limits) {
        this.transport = transport;
        this.handler = handler;
        this.limits = limits;
        this.in = new HttpInput(this::readWithTimeout, Math.max(8192, Math.max(limits.maxRequestLine(), limits.maxHeaderBytes()) + 1024));
        this.out = new HttpOutput(new TimedSink(), 16 * 1024);
        in.beforeWait(this::flushQuietly);
    }

    /** After the current exchange, close instead of keeping alive (the server is stopping). */
    void closeAfterCurrent() {
        closing = true;
    }

    /** A WebSocket waits for messages as long as it likes (it pings if it cares). */
    void clearReadTimeout() {
        readTimeout = null;
    }

    boolean isIdle() {
        return idle;
    }

    boolean closing() {
        return closing;
    }

    HttpInput input() {
        return in;
    }

    HttpOutput output() {
        return out;
    }

    Transport transport() {
        return transport;
    }

    Limits limits() {
        return limits;
    }

    /** Serves until the connection ends; never throws for what the client did. */
    void run() throws IOException {
        try {
            while (!closing && serveOne()) {
                // next request
            }
            out.flush();
        } catch (IOException | java.io.UncheckedIOException | TimeoutError e) {
            // the client went away, reset, or stayed idle past its limit: nothing to tell it
        }
    }

    private int readWithTimeout(byte[] b, int off, int len) throws IOException {
        Duration t = readTimeout;
        if (t == null) {
            try {
                return transport.read(b, off, len);
            } catch (IOException e) {
                transportFailed = true;
                throw e;
            }
        }
        try {
            return onTransport(t, () -> transport.read(b, off, len));
        } catch (TimeoutError e) {
            readTimedOut = true;
            throw e;
        }
    }

    /** A client that stops reading its responses must not hold the coro forever: writes stall at most bodyTimeout. */
    private final class TimedSink implements io.shrapnel.codecs.http.internal.ByteSink {
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            onTransport(limits.bodyTimeout(), () -> {
                transport.write(b, off, len);
                return null;
            });
        }

        @Override
        public void write(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) throws IOException {
            onTransport(limits.bodyTimeout(), () -> {
                transport.write(a, aOff, aLen, b, bOff, bLen);
                return null;
            });
        }
    }

    /** One transport call under a timeout; a failure of the connection itself is remembered. */
    private <T> T onTransport(Duration t, java.util.concurrent.Callable<T> call) throws IOException {
        try {
            return Coro.withTimeout(t, call);
        } catch (IOException e) {
            transportFailed = true;
            throw e;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private void flushQuietly() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One exchange; false when the connection should end. */
    private boolean serveOne() throws IOException {
        if (in.buffered() == 0) {
            readTimeout = limits.idleTimeout();
            idle = true;
            try {
                if (!in.fill()) {
                    return false;
                }
            } catch (java.io.UncheckedIOException e) {
                return false; // flushing the previous response failed: the client is gone
            } finally {
                idle = false;
            }
        }
        readTimeout = null;
        HeadParser.RequestHead head;
        try {
            head = Coro.withTimeout(limits.headerTimeout(), () -> HeadParser.readRequest(in, limits));
        } catch (TimeoutError e) {
            refuse(408, "the request head did not arrive within " + limits.headerTimeout().toMillis() + " ms");
            return false;
        } catch (HttpProtocolException e) {
            refuse(e.status(), e.getMessage());
            return false;
        } catch (EOFException e) {
            return false;
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
        if (head == null) {
            return false;
        }
        Headers h = head.headers();
        Framing framing;
        boolean expectContinue = false;
        try {
            if (head.minor() == 1 && h.count("Host") != 1) {
                throw new HttpProtocolException(400, h.has("Host") ? "more than one Host header" : "an HTTP/1.1 request needs a Host header");
            }
            framing = Framing.ofRequest(h, head.minor(), limits.maxBody());
            String expect = h.first("Expect");
            if (expect != null && head.minor() == 1) {
                if (!expect.equalsIgnoreCase("100-continue") || h.count("Expect") > 1) {
                    throw new HttpProtocolException(417, "only 'Expect: 100-continue' is understood");
                }
                expectContinue = framing.kind() != Framing.Kind.NONE;
            }
        } catch (HttpProtocolException e) {
            refuse(e.status(), e.getMessage());
            return false;
        }
        boolean keepAlive = head.minor() == 1 ? !h.hasToken("Connection", "close") : h.hasToken("Connection", "keep-alive");
        Exchange ex = new Exchange(this, out, head.method(), head.minor(), keepAlive);
        ex.expectContinue = expectContinue;
        BodyInput body = BodyInput.of(framing, in, limits);
        if (expectContinue) {
            body.onFirstRead(ex::sendContinue);
        }
        Request req = new Request(head.method(), head.target(), head.minor(), h, body, transport.peer(), ex);
        Response res = new Response(ex);
        readTimeout = limits.bodyTimeout();
        readTimedOut = false;
        transportFailed = false;
        try {
            handler.handle(req, res);
        } catch (HttpProtocolException e) {
            return failed(ex, res, e.status(), e.getMessage(), null);
        } catch (TimeoutError e) {
            if (readTimedOut) {
                return failed(ex, res, 408, "the request body stalled for " + limits.bodyTimeout().toMillis() + " ms", null);
            }
            return failed(ex, res, 503, "the handler timed out: " + e.getMessage(), e);
        } catch (IOException e) {
            if (transportFailed || ex.isHeadSent() || e instanceof EOFException) {
                return false; // the connection failed under the handler, or the response is half out
            }
            return failed(ex, res, 500, "internal error", e);
        } catch (java.io.UncheckedIOException e) {
            return false;
        } catch (Exception e) {
            return failed(ex, res, 500, "internal error", e);
        }
        if (ex.upgraded) {
            return false;
        }
        res.finish();
        if (!ex.keepAlive) {
            return false;
        }
        return body.drain(DRAIN_LIMIT);
    }

    /** The handler failed: answer with {@code status} if the head is not out yet; either way, close. */
    private boolean failed(Exchange ex, Response res, int status, String message, Throwable cause) throws IOException {
        if (cause != null) {
            Coro.printStderr("http: " + ex.method + " failed with " + status + ": " + cause);
        }
        if (!res.isCommitted() && !ex.upgraded) {
            refuse(status, message);
        }
        return false;
    }

    /**
     * Answers a request we will not serve with {@code status} and closes. The close lingers: after
     * our response we stop sending and read (and drop) what the client still sends for a moment, since
     * closing with unread data makes the kernel send a reset that can destroy the response in flight.
     */
    void refuse(int status, String message) throws IOException {
        byte[] body = (status + " " + Status.reason(status) + ": " + message + "\n").getBytes(StandardCharsets.UTF_8);
        Headers h = new Headers();
        h.set("Content-Type", "text/plain; charset=utf-8");
        h.set("Content-Length", Integer.toString(body.length));
        Exchange ex = new Exchange(this, out, "GET", 1, false);
        BodyOutput b = ex.writeHead(status, h);
        b.write(body);
        b.close();
        out.flush();
        lingeringClose();
    }

    private void lingeringClose() {
        try {
            transport.shutdownOutput();
            readTimeout = null;
            Coro.withTimeout(LINGER, () -> {
                byte[] sink = new byte[8192];
                int total = 0;
                while (total < LINGER_BYTES) {
                    int n = transport.read(sink, 0, sink.length);
                    if (n < 0) {
                        break;
                    }
                    total += n;
                }
            });
        } catch (TimeoutError | Exception e) {
            // done lingering
        }
    }
}
