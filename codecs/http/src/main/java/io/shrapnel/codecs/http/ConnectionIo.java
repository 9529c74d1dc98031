package io.shrapnel.codecs.http;

import io.shrapnel.codecs.http.internal.ArrayPool;
import io.shrapnel.codecs.http.internal.ByteSink;
import io.shrapnel.codecs.http.internal.ByteSource;
import io.shrapnel.codecs.http.internal.HttpOutput;
import io.shrapnel.codecs.http.internal.Transport;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.TimeoutError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * The reads and writes of one server connection, each bounded by the deadline of the phase its
 * exchange is in, and failing with a type that says what happened, so the session decides from the
 * exception it catches and never from a flag set on the side:
 *
 * <table>
 *   <caption>phases and their deadlines</caption>
 *   <tr><th>phase</th><th>a read waits at most until</th><th>when it expires</th></tr>
 *   <tr><td>{@link Phase#FIRST_REQUEST}</td><td>accept + {@code firstRequestTimeout}</td><td>closed quietly</td></tr>
 *   <tr><td>{@link Phase#IDLE}</td><td>now + {@code idleTimeout}</td><td>closed quietly</td></tr>
 *   <tr><td>{@link Phase#DOZE}</td><td>now + {@code keepCoroWhileIdle} (a kept-alive connection that may
 *       give its coro up)</td><td>the coro is given up, the connection stays open</td></tr>
 *   <tr><td>{@link Phase#HEAD}</td><td>first byte + {@code headerTimeout}, and for the first request
 *       no later than accept + {@code firstRequestTimeout}</td><td>408</td></tr>
 *   <tr><td>{@link Phase#BODY}</td><td>the sooner of now + {@code bodyTimeout} and first byte + {@code requestTimeout}</td><td>408</td></tr>
 *   <tr><td>{@link Phase#OPEN}</td><td>no limit (a WebSocket)</td><td>—</td></tr>
 * </table>
 *
 * Every write waits at most {@code bodyTimeout} for the client to take it ({@link Expired} with
 * phase {@link Phase#WRITE}). Pending output is flushed before every read that has to wait, so
 * pipelined responses leave together and nothing stays unsent while we wait for the client.
 *
 * <p>Threading: confined to the connection's coro.
 */
final class ConnectionIo implements ByteSource, ByteSink {
    /** Where the exchange is, for the read deadline. */
    enum Phase { FIRST_REQUEST, IDLE, DOZE, HEAD, BODY, OPEN, WRITE }

    /** A read or write did not complete by its deadline. */
    static final class Expired extends IOException {
        private final Phase phase;

        Expired(Phase phase, String message) {
            super(message);
            this.phase = phase;
        }

        Phase phase() {
            return phase;
        }

        /** Whether the client is owed a 408 (it was sending a request), or only a close. */
        boolean answerable() {
            return phase == Phase.HEAD || phase == Phase.BODY;
        }
    }

    /** The connection itself failed: reset, closed under us. Nothing to answer, nobody to tell. */
    static final class Lost extends IOException {
        Lost(Exception cause) {
            super(cause.toString(), cause);
        }
    }

    private static final long NONE = Long.MAX_VALUE;

    private final Transport transport;
    private final Limits limits;
    private final HttpOutput out;
    private final long acceptedAt;
    private Phase phase = Phase.FIRST_REQUEST;
    /** When the request being read began (loop clock), for the head and request deadlines. */
    private long requestStart;
    /** No request has been read whole yet: the first-request deadline applies. */
    private boolean firstRequest = true;

    /** Size of the output buffer a connection takes while it answers. */
    static final int OUTPUT_BUFFER = 16 * 1024;

    /**
     * The reads and writes of a connection accepted at {@code acceptedAt} (loop clock); its output
     * buffer comes from {@code pool} when a response is written.
     */
    ConnectionIo(Transport transport, Limits limits, long acceptedAt, ArrayPool pool) {
        this.transport = transport;
        this.limits = limits;
        this.out = new HttpOutput(this, OUTPUT_BUFFER, pool);
        this.acceptedAt = acceptedAt;
    }

    HttpOutput output() {
        return out;
    }

    Transport transport() {
        return transport;
    }

    /**
     * Waiting for a request: the first one (bounded since accept) or the next of a kept-alive
     * connection, which, if {@code mayDoze}, waits only {@code keepCoroWhileIdle} in its coro.
     */
    void awaitingRequest(boolean first, boolean mayDoze) {
        firstRequest = first;
        phase = first ? Phase.FIRST_REQUEST : mayDoze && limits.releasesIdleCoro() ? Phase.DOZE : Phase.IDLE;
    }

    /** The first byte of a request is here: its head is read now. */
    void readingHead() {
        requestStart = Coro.now();
        phase = Phase.HEAD;
    }

    /** The head is read: the handler reads the body. */
    void readingBody() {
        phase = Phase.BODY;
    }

    /** No read deadline from now on (the connection became a WebSocket). */
    void open() {
        phase = Phase.OPEN;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        out.flush();
        long now = Coro.now();
        long deadline = deadline(now);
        if (deadline == NONE) {
            return guarded(() -> transport.read(b, off, len));
        }
        if (deadline - now <= 0) {
            // A peer that always has bytes ready never parks its reader, and a timeout reaches only
            // a parked coro: the deadline is checked here as well.
            throw expired(now, deadline);
        }
        try {
            return Coro.withTimeout(Duration.ofNanos(Math.max(0, deadline - now)), () -> guarded(() -> transport.read(b, off, len)));
        } catch (TimeoutError e) {
            throw expired(now, deadline);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new Lost(e);
        }
    }

    private long deadline(long now) {
        return switch (phase) {
            case FIRST_REQUEST -> firstRequestDeadline();
            case IDLE -> now + nanos(limits.idleTimeout());
            case DOZE -> now + nanos(limits.keepCoroWhileIdle());
            case HEAD -> Math.min(requestStart + nanos(limits.headerTimeout()), firstRequest ? firstRequestDeadline() : NONE);
            case BODY -> Math.min(now + nanos(limits.bodyTimeout()), requestStart + nanos(limits.requestTimeout()));
            case OPEN, WRITE -> NONE;
        };
    }

    private long firstRequestDeadline() {
        return acceptedAt + nanos(limits.firstRequestTimeout());
    }

    private Expired expired(long now, long deadline) {
        return switch (phase) {
            case FIRST_REQUEST -> new Expired(phase, "no complete request within "
                    + limits.firstRequestTimeout().toMillis() + " ms of the connection");
            case IDLE -> new Expired(phase, "idle for " + limits.idleTimeout().toMillis() + " ms");
            case DOZE -> new Expired(phase, "no request for " + limits.keepCoroWhileIdle().toMillis() + " ms: the coro is given up");
            case HEAD -> deadline == requestStart + nanos(limits.headerTimeout())
                    ? new Expired(phase, "the request head did not arrive within " + limits.headerTimeout().toMillis() + " ms")
                    : new Expired(phase, "no complete request within " + limits.firstRequestTimeout().toMillis()
                            + " ms of the connection");
            case BODY -> deadline == requestStart + nanos(limits.requestTimeout())
                    ? new Expired(phase, "the request was not read within " + limits.requestTimeout().toMillis() + " ms")
                    : new Expired(phase, "the request body stalled for " + limits.bodyTimeout().toMillis() + " ms");
            case OPEN, WRITE -> new Expired(phase, "timed out after " + Duration.ofNanos(deadline - now).toMillis() + " ms");
        };
    }

    private static long nanos(Duration d) {
        return d.toNanos();
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        timedWrite(() -> {
            transport.write(b, off, len);
            return null;
        });
    }

    @Override
    public void write(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) throws IOException {
        timedWrite(() -> {
            transport.write(a, aOff, aLen, b, bOff, bLen);
            return null;
        });
    }

    @Override
    public void write(byte[] a, int aOff, int aLen, ByteBuffer b) throws IOException {
        timedWrite(() -> {
            transport.write(a, aOff, aLen, b);
            return null;
        });
    }

    /** A client that stops reading its responses must not hold the coro forever. */
    private void timedWrite(Callable<Void> write) throws IOException {
        try {
            Coro.withTimeout(limits.bodyTimeout(), () -> guarded(write));
        } catch (TimeoutError e) {
            throw new Expired(Phase.WRITE, "the client took nothing for " + limits.bodyTimeout().toMillis() + " ms");
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new Lost(e);
        }
    }

    /** One call on the transport; its failure becomes {@link Lost}. */
    private static <T> T guarded(Callable<T> call) throws IOException {
        try {
            return call.call();
        } catch (IOException e) {
            throw new Lost(e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new Lost(e);
        }
    }
}
