package io.shrapnel.codecs.http;

import io.shrapnel.codecs.http.internal.ArrayPool;
import io.shrapnel.codecs.http.internal.HttpInput;
import io.shrapnel.codecs.http.internal.HttpOutput;
import io.shrapnel.codecs.http.internal.Transport;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.TimeoutError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Serves the requests of one connection, one after the other, in its coro: wait for a request, read
 * its head, run the handler, finish the response, and go on while the connection is kept alive.
 * Each step returns an {@link Outcome}: go on with the next request, close, or refuse with a status
 * and close. Failures of the connection arrive as the exceptions of {@link ConnectionIo} ({@code
 * Expired}, {@code Lost}), each step turns what it caught into an outcome, and nothing is passed
 * on the side. Pipelined requests are answered in order by construction; their responses collect in
 * the output buffer and go out together when the input has nothing more buffered.
 *
 * <p>A session holds its buffers only while it serves: when a response is sent and no pipelined
 * bytes wait, it gives both back to its loop's {@link ArrayPool} and waits for the next request
 * reading into a small probe, so a kept-alive connection between requests costs little memory. A
 * session that {@link #mayReleaseCoro may} give its coro up does so when no request has come for
 * {@link Limits#keepCoroWhileIdle()}: {@link #run} returns true, and the server watches the
 * connection for its next bytes with no coro, then serves them with a new session ({@link
 * #continuing}).
 *
 * <p>Every error of the client's making ends in a status (400, 408, 413, 414, 431, 501, 505) and a
 * close; an error of the connection (reset, timeout while idle, a client that takes nothing) ends
 * the session quietly. Nothing it does can reach another connection.
 *
 * <p>Threading: confined to the connection's coro; {@link #closeAfterCurrent} from the server's loop.
 */
final class ServerSession {
    /** Most bytes of an unread request body dropped to keep a connection alive; more and it is closed. */
    private static final long DRAIN_LIMIT = 256 * 1024;
    /** How long, and how much, a closing connection reads after an error response (see lingeringClose). */
    private static final Duration LINGER = Duration.ofSeconds(2);
    private static final int LINGER_BYTES = 256 * 1024;

    /** What one step of serving decided. */
    sealed interface Outcome {
        /** Go on: the next request of a kept-alive connection. */
        record Next() implements Outcome {}

        /** End the connection; there is nothing to tell the client. */
        record Close() implements Outcome {}

        /** Answer {@code status} and close. */
        record Refuse(int status, String message) implements Outcome {}

        /** Keep the connection open but give the coro up: nothing is buffered, no request has begun. */
        record ReleaseCoro() implements Outcome {}
    }

    private static final Outcome NEXT = new Outcome.Next();
    private static final Outcome CLOSE = new Outcome.Close();
    private static final Outcome RELEASE_CORO = new Outcome.ReleaseCoro();

    private final ConnectionIo io;
    private final Handler handler;
    private final Limits limits;
    private final IdleWatch watch;
    private final HttpInput in;
    private final HttpOutput out;
    private volatile boolean closing;
    /** Waiting for a request (a stopping server, or one under pressure, closes it at once). */
    private boolean idle;
    private boolean first = true;
    /** Where its responses are counted; null for a session of no server's. Set by the server before {@link #run}. */
    HttpServerMetrics metrics;
    /**
     * Whether it may give its coro up while it waits for a kept-alive request (its transport holds no
     * bytes the socket's readiness would not show: plain TCP). Set by the server before {@link #run}.
     */
    boolean mayReleaseCoro;
    /** Started by the connection's next bytes: its first wait reads them, whatever {@code keepCoroWhileIdle} says. */
    private boolean woken;

    ServerSession(Transport transport, Handler handler, Limits limits) {
        this(transport, handler, limits, IdleWatch.NONE);
    }

    ServerSession(Transport transport, Handler handler, Limits limits, IdleWatch watch) {
        this(transport, handler, limits, watch, Coro.now());
    }

    /** A session of a connection accepted at {@code acceptedAt} (loop clock): its first request's deadline counts from then. */
    ServerSession(Transport transport, Handler handler, Limits limits, IdleWatch watch, long acceptedAt) {
        ArrayPool pool = ArrayPool.current();
        this.io = new ConnectionIo(transport, limits, acceptedAt, pool);
        this.handler = handler;
        this.limits = limits;
        this.watch = watch;
        this.in = new HttpInput(io, Math.max(8192, Math.max(limits.maxRequestLine(), limits.maxHeaderBytes()) + 1024), pool);
        this.out = io.output();
    }

    /**
     * Marks this the session of a kept-alive connection that gave its previous coro up: its first
     * request is not the connection's first (no first-request deadline). Before {@link #run}.
     */
    ServerSession continuing() {
        first = false;
        woken = true;
        return this;
    }

    /** After the current exchange, close instead of keeping alive (the server is stopping). */
    void closeAfterCurrent() {
        closing = true;
    }

    /** A WebSocket waits for messages as long as it likes (it pings if it cares). */
    void clearReadTimeout() {
        io.open();
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

    /** Whether it holds an input or output buffer now (none while it waits between requests). */
    boolean holdsBuffers() {
        return in.holdsBuffer() || out.holdsBuffer();
    }

    HttpOutput output() {
        return out;
    }

    Transport transport() {
        return io.transport();
    }

    Limits limits() {
        return limits;
    }

    /**
     * Serves until the connection ends, or until it waits for a kept-alive request without its coro
     * (returns true: the connection stays open, all is sent, no buffer is held). Never throws for
     * what the client or the connection did.
     */
    boolean run() {
        Outcome o = NEXT;
        while (o instanceof Outcome.Next && !closing) {
            o = serveOne();
        }
        if (o instanceof Outcome.ReleaseCoro) {
            return true;
        }
        try {
            if (o instanceof Outcome.Refuse r) {
                refuse(r.status(), r.message());
            } else {
                out.flush();
            }
        } catch (IOException e) {
            // the client went away: nothing more to tell it
        } finally {
            // not given to the pool: a handler's stray coro could still hold a response's stream
            in.discard();
            out.discard();
        }
        return false;
    }

    /** One exchange, from waiting for its request to the end of its response. */
    private Outcome serveOne() {
        Outcome arrived = awaitRequest();
        if (!(arrived instanceof Outcome.Next)) {
            return arrived;
        }
        HeadParser.RequestHead head;
        try {
            io.readingHead();
            head = HeadParser.readRequest(in, limits);
        } catch (IOException e) {
            return whenReadFailed(e);
        }
        if (head == null) {
            return CLOSE;
        }
        first = false;
        Exchange ex;
        BodyInput body;
        try {
            Framing framing = Framing.ofRequest(head.headers(), head.minor(), limits.maxBody());
            ex = exchange(head, framing);
            body = BodyInput.of(framing, in, limits);
        } catch (HttpProtocolException e) {
            return new Outcome.Refuse(e.status(), e.getMessage());
        }
        if (ex.expectContinue) {
            body.onFirstRead(ex::sendContinue);
        }
        Request req = new Request(head.method(), head.target(), head.minor(), head.headers(), body, transport().peer(), ex);
        Response res = new Response(ex);
        io.readingBody();
        Outcome handled = handle(req, res, ex);
        if (!(handled instanceof Outcome.Next)) {
            return handled;
        }
        return finish(res, ex, body);
    }

    /** Waits for the first byte of a request (at once if pipelined bytes are buffered). */
    private Outcome awaitRequest() {
        if (in.buffered() > 0) {
            return NEXT;
        }
        try {
            out.flush(); // all is sent: the buffers go back while the connection waits
        } catch (IOException e) {
            return CLOSE;
        }
        out.release();
        in.release();
        io.awaitingRequest(first, mayReleaseCoro && !closing && !woken);
        woken = false;
        idle = true;
        watch.idle(this);
        try {
            return in.fill() ? NEXT : CLOSE;
        } catch (ConnectionIo.Expired e) {
            return e.phase() == ConnectionIo.Phase.DOZE && !closing ? RELEASE_CORO : CLOSE;
        } catch (IOException e) {
            return CLOSE; // idle past its limit, or gone
        } finally {
            idle = false;
            watch.busy(this);
        }
    }

    /** A read of the request failed: the client's error gets its status, the connection's a close. */
    private static Outcome whenReadFailed(IOException e) {
        return switch (e) {
            case HttpProtocolException p -> new Outcome.Refuse(p.status(), p.getMessage());
            case ConnectionIo.Expired x when x.answerable() -> new Outcome.Refuse(408, x.getMessage());
            default -> CLOSE; // end of stream inside the head, a reset, a timeout while idle
        };
    }

    /** The exchange for a head that passed the checks a server must make before the handler sees it. */
    private Exchange exchange(HeadParser.RequestHead head, Framing framing) throws HttpProtocolException {
        Headers h = head.headers();
        if (head.minor() == 1 && h.count("Host") != 1) {
            throw new HttpProtocolException(400, h.has("Host") ? "more than one Host header" : "an HTTP/1.1 request needs a Host header");
        }
        boolean expectContinue = false;
        String expect = h.first("Expect");
        if (expect != null && head.minor() == 1) {
            if (!expect.equalsIgnoreCase("100-continue") || h.count("Expect") > 1) {
                throw new HttpProtocolException(417, "only 'Expect: 100-continue' is understood");
            }
            expectContinue = framing.kind() != Framing.Kind.NONE;
        }
        boolean keepAlive = head.minor() == 1 ? !h.hasToken("Connection", "close") : h.hasToken("Connection", "keep-alive");
        Exchange ex = new Exchange(this, out, head.method(), head.minor(), keepAlive);
        ex.expectContinue = expectContinue;
        return ex;
    }

    /** Runs the handler; what it threw decides the outcome. */
    private Outcome handle(Request req, Response res, Exchange ex) {
        try {
            handler.handle(req, res);
            return ex.upgraded ? CLOSE : NEXT;
        } catch (HttpProtocolException e) {
            return failed(ex, res, e.status(), e.getMessage(), null);
        } catch (ConnectionIo.Expired e) {
            return e.answerable() ? failed(ex, res, 408, e.getMessage(), null) : CLOSE;
        } catch (ConnectionIo.Lost | java.io.EOFException e) {
            return CLOSE; // the connection failed under the handler
        } catch (IOException e) {
            return ex.isHeadSent() ? CLOSE : failed(ex, res, 500, "internal error", e);
        } catch (TimeoutError e) {
            return failed(ex, res, 503, "the handler timed out: " + e.getMessage(), e);
        } catch (Exception e) {
            return failed(ex, res, 500, "internal error", e);
        }
    }

    /** Completes the response and reads past what the handler left of the body. */
    private Outcome finish(Response res, Exchange ex, BodyInput body) {
        try {
            res.finish();
            return ex.keepAlive && body.drain(DRAIN_LIMIT) ? NEXT : CLOSE;
        } catch (IOException e) {
            return CLOSE;
        }
    }

    /**
     * The handler failed: answer with {@code status} if the head is not out yet; either way, close.
     * Only a failure the client will see as a status is logged as one.
     */
    private static Outcome failed(Exchange ex, Response res, int status, String message, Throwable cause) {
        boolean answerable = !res.isCommitted() && !ex.upgraded;
        if (cause != null) {
            Coro.printStderr("http: " + ex.method + (answerable ? " failed with " + status : " failed after its response began")
                    + ": " + cause);
        }
        return answerable ? new Outcome.Refuse(status, message) : CLOSE;
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
        Transport transport = transport();
        try {
            transport.shutdownOutput();
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
