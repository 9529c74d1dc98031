package io.shrapnel.net.internal;

import io.shrapnel.kernel.ClosedError;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.net.Direction;
import java.io.IOException;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * The machinery of {@link io.shrapnel.net.TlsSock}: an {@link SSLEngine} pumped by the coros that
 * read and write, over a {@link TlsWire}.
 *
 * <p>Buffers: {@code netIn} holds bytes from the wire not yet unwrapped (write mode), {@code appIn}
 * plaintext not yet handed out (read mode), {@code netOut} records wrapped but not yet being sent
 * (write mode), {@code sending} the records the output turn's holder is sending (read mode). Every
 * park happens with the buffers in those modes, so a timeout or interrupt at any park leaves them
 * consistent. Each is borrowed from the loop's {@link TlsBufferPool} when bytes need it and given
 * back as soon as it is empty (null meanwhile): an idle connection holds none, where one that
 * allocated all four up front held 66 KB. A read waits for the socket to be readable before it
 * takes a buffer to read into.
 *
 * <p>Output is serialised by a turn: a writer wraps its records and sends them before the next
 * writer starts; a reader that must answer the peer (a TLS 1.3 key update) appends its record and
 * leaves the sending to the writer whose turn it is, if any, so a reader never waits on a stuck
 * writer. The handshake has a turn of its own: a coro that arrives while another handshakes waits.
 *
 * <p>Failures are final: the first {@link SSLException} (or an interrupted handshake) is kept, the
 * wire is closed, and every later call fails with it.
 *
 * <p>Threading: confined to the loop of its wire; {@link #close()} from another thread closes the
 * wire without close_notify.
 */
public final class TlsEngineIo {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** Output collected before a send in {@link #sendAll(ByteBuffer)}: a few records per syscall. */
    private static final int FLUSH_AT = 64 * 1024;
    /** No record, even a hostile one, makes an input buffer grow past this. */
    private static final int MAX_BUFFER = 4 * 33_093;
    /** The content type of a TLS record that carries handshake messages. */
    private static final byte HANDSHAKE_RECORD = 22;

    private final TlsWire wire;
    private final String name;
    private final SSLEngine engine;
    private final Turn handshakeTurn;
    private final Turn outputTurn;
    private ByteBuffer netIn;   // write mode: bytes from the socket not yet unwrapped; or null
    private ByteBuffer appIn;   // read mode: plaintext not yet handed out; or null
    private ByteBuffer netOut;  // write mode: records wrapped but not yet being sent; or null
    private ByteBuffer sending; // read mode: records the output turn's holder is sending; or null
    private Scheduler loop;
    private TlsBufferPool pool; // the loop's, set with loop (before any buffer is needed)
    private boolean handshakeDone;
    /**
     * The session speaks TLS 1.2 or older, where handshake messages after the handshake travel in
     * records of their own type: a renegotiation, which is refused at its first record.
     */
    private boolean renegotiable;
    private boolean inboundDone;
    private boolean cleanClose;
    private boolean outputClosed;
    private IOException failure;
    private volatile boolean closed;

    public TlsEngineIo(TlsWire wire, SSLEngine engine, String name) {
        this.wire = wire;
        this.name = name;
        this.engine = engine;
        this.handshakeTurn = new Turn("TLS handshake of " + name);
        this.outputTurn = new Turn("TLS output of " + name);
    }

    public SSLEngine engine() {
        return engine;
    }

    /** True if the peer ended its side with close_notify. */
    public boolean closedCleanly() {
        return cleanClose;
    }

    public boolean isHandshakeDone() {
        return handshakeDone;
    }

    // =====================================================================================
    // Handshake
    // =====================================================================================

    /** Runs the handshake if it has not run yet (reads and writes do it on their own). */
    public void handshake() throws IOException {
        if (handshakeDone) {
            return;
        }
        checkUsable("handshake");
        handshakeTurn.take();
        try {
            if (!handshakeDone) {
                checkUsable("handshake");
                runHandshake();
            }
        } finally {
            handshakeTurn.release();
        }
    }

    private void runHandshake() throws IOException {
        Coro me = Coro.current();
        if (me == null) {
            throw new IllegalStateException("the TLS handshake of " + name + " must run inside a coro: it parks the "
                    + "coro while the peer answers. Spawn a coro (Coro.spawn) and run the loop.");
        }
        loop = me.scheduler();
        pool = TlsBufferPool.of(loop);
        boolean done = false;
        try {
            engine.beginHandshake();
            while (true) {
                switch (engine.getHandshakeStatus()) {
                    case NEED_WRAP -> {
                        wrap(EMPTY);
                        flushOutput();
                    }
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        if (!unwrap()) {
                            throw new SSLHandshakeException("the peer closed the connection during the TLS handshake");
                        }
                    }
                    case NEED_TASK -> runTasks();
                    case FINISHED, NOT_HANDSHAKING -> {
                        handshakeDone = true;
                        renegotiable = !"TLSv1.3".equals(engine.getSession().getProtocol());
                        done = true;
                        releaseEmpty();
                        return;
                    }
                }
            }
        } catch (SSLException e) {
            throw fail(e);
        } finally {
            if (!done && failure == null) {
                // interrupted or timed out mid-handshake: the engine's state is unusable
                fail(new SSLHandshakeException("the TLS handshake did not finish (interrupted or the socket failed)"));
            }
        }
    }

    // =====================================================================================
    // Reading
    // =====================================================================================

    public int recvInto(ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining()) {
            return 0;
        }
        if (!fillAppIn()) {
            return -1;
        }
        int n = Math.min(appIn.remaining(), dst.remaining());
        dst.put(dst.position(), appIn, appIn.position(), n);
        dst.position(dst.position() + n);
        appIn.position(appIn.position() + n);
        releaseAppInIfEmpty();
        return n;
    }

    public byte[] recv(int maxBytes) throws IOException {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("recv needs maxBytes >= 0, not " + maxBytes);
        }
        if (maxBytes == 0 || !fillAppIn()) {
            return new byte[0];
        }
        byte[] out = new byte[Math.min(maxBytes, appIn.remaining())];
        appIn.get(out);
        releaseAppInIfEmpty();
        return out;
    }

    /** Makes plaintext available in appIn; false at end of stream. */
    private boolean fillAppIn() throws IOException {
        handshake();
        checkUsable("recv");
        try {
            while (appIn == null || !appIn.hasRemaining()) {
                if (inboundDone) {
                    return false;
                }
                if (!unwrap()) {
                    return false;
                }
                afterUnwrap();
            }
            return true;
        } catch (SSLException e) {
            throw fail(e);
        }
    }

    /**
     * One unwrap into appIn, reading from the socket when the engine needs more. False when the
     * inbound side ended (close_notify, or end of stream without it).
     */
    private boolean unwrap() throws IOException {
        while (true) {
            if (appIn == null) {
                appIn = pool.take(engine.getSession().getApplicationBufferSize()).limit(0);
            }
            refuseRenegotiation();
            ByteBuffer src = netIn == null ? EMPTY : netIn.flip();
            appIn.compact();
            SSLEngineResult r;
            try {
                r = engine.unwrap(src, appIn);
            } finally {
                if (netIn != null) {
                    netIn.compact();
                }
                appIn.flip();
            }
            if (netIn != null && netIn.position() == 0) {
                pool.give(netIn);
                netIn = null;
            }
            switch (r.getStatus()) {
                case OK -> {
                    if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                        runTasks();
                    }
                    return true;
                }
                case CLOSED -> {
                    inboundDone = true;
                    cleanClose = true;
                    return false;
                }
                case BUFFER_OVERFLOW -> appIn = grown(appIn, engine.getSession().getApplicationBufferSize(), true);
                case BUFFER_UNDERFLOW -> {
                    if (!readMore()) {
                        inboundDone = true;
                        return false;
                    }
                }
            }
        }
    }

    /**
     * Reads more of the wire into netIn; false at end of stream. It waits for readability before it
     * takes a buffer (and gives back the empty ones first), so a connection waiting for its peer
     * holds no buffer but a partial record.
     */
    private boolean readMore() throws IOException {
        while (true) {
            if (wire.drained()) {
                releaseEmpty();
                wire.awaitReadable();
            }
            if (netIn == null) {
                netIn = pool.take(engine.getSession().getPacketBufferSize());
            } else if (!netIn.hasRemaining()) {
                netIn = grown(netIn, engine.getSession().getPacketBufferSize(), false);
            }
            int n = wire.recvNow(netIn);
            if (n != 0) {
                return n > 0;
            }
            // nothing there after all: the wire is drained now, so the next turn waits
        }
    }

    /** Gives back every buffer that holds nothing (before a park, after a handshake). */
    private void releaseEmpty() {
        if (netIn != null && netIn.position() == 0) {
            pool.give(netIn);
            netIn = null;
        }
        releaseAppInIfEmpty();
        if (!outputTurn.isTaken()) {
            releaseOutputIfEmpty();
        }
    }

    private void releaseAppInIfEmpty() {
        if (appIn != null && !appIn.hasRemaining()) {
            pool.give(appIn);
            appIn = null;
        }
    }

    /** Only by the holder of the output turn, or when nobody holds it. */
    private void releaseOutputIfEmpty() {
        if ((netOut == null || netOut.position() == 0) && (sending == null || !sending.hasRemaining())) {
            pool.give(netOut);
            pool.give(sending);
            netOut = null;
            sending = null;
        }
    }

    /** The capacity of the buffers this connection holds now (0 when idle). */
    public int heldBufferBytes() {
        int n = 0;
        for (ByteBuffer b : new ByteBuffer[] {netIn, appIn, netOut, sending}) {
            n += b == null ? 0 : b.capacity();
        }
        return n;
    }

    /**
     * Refuses a TLS 1.2 renegotiation before the engine sees its first record: unwrapping the
     * ClientHello would make the engine compute and queue a whole handshake flight (its certificate
     * included) and send it with the failure, where the record's type already says what it is.
     * {@code netIn} starts at a record boundary (unwrap consumes whole records and compacts).
     */
    private void refuseRenegotiation() throws SSLHandshakeException {
        if (renegotiable && handshakeDone && netIn != null && netIn.position() > 0 && netIn.get(0) == HANDSHAKE_RECORD) {
            outputClosed = true;
            throw new SSLHandshakeException("TLS renegotiation refused: the peer tried to renegotiate a "
                    + engine.getSession().getProtocol() + " session; open a new connection instead");
        }
    }

    /** After the handshake: answer TLS 1.3 post-handshake messages, refuse renegotiation. */
    private void afterUnwrap() throws IOException {
        HandshakeStatus hs = engine.getHandshakeStatus();
        if (hs == HandshakeStatus.NOT_HANDSHAKING || hs == HandshakeStatus.FINISHED || inboundDone) {
            return;
        }
        String protocol = engine.getSession().getProtocol();
        if (!"TLSv1.3".equals(protocol)) {
            // Answering would carry the renegotiation on: close our side instead (close_notify).
            engine.closeOutbound();
            outputClosed = true;
            throw new SSLHandshakeException("TLS renegotiation refused: the peer tried to renegotiate a " + protocol
                    + " session; open a new connection instead");
        }
        for (int i = 0; i < 8; i++) {
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK -> runTasks();
                case NEED_WRAP -> {
                    wrap(EMPTY);
                    if (!outputTurn.isTaken()) {
                        outputTurn.take();
                        try {
                            flushOutput();
                        } finally {
                            outputTurn.release();
                        }
                    } // else the coro whose turn it is sends it with its own records
                }
                default -> {
                    return; // NEED_UNWRAP: the next read carries on; NOT_HANDSHAKING: done
                }
            }
        }
    }

    // =====================================================================================
    // Writing
    // =====================================================================================

    /** Wraps one record of {@code src} and sends it; returns the plaintext bytes taken. */
    public int send(ByteBuffer src) throws IOException {
        int before = src.position();
        write(src, true);
        return src.position() - before;
    }

    public void sendAll(ByteBuffer src) throws IOException {
        write(src, false);
    }

    /** Wraps (one record if {@code oneRecord}, else all of src) and sends, in the output turn. */
    private void write(ByteBuffer src, boolean oneRecord) throws IOException {
        handshake();
        checkUsable("send");
        if (outputClosed) {
            throw new ClosedError("send on " + name + " after shutdown(WRITE)");
        }
        outputTurn.take();
        try {
            do {
                wrap(src);
                if (oneRecord || netOut.position() >= FLUSH_AT || !src.hasRemaining()) {
                    flushOutput();
                }
            } while (!oneRecord && src.hasRemaining());
        } catch (SSLException e) {
            throw fail(e);
        } finally {
            outputTurn.release();
        }
    }

    private void wrap(ByteBuffer src) throws SSLException, ClosedError {
        if (netOut == null) {
            netOut = pool.take(engine.getSession().getPacketBufferSize());
        }
        while (true) {
            SSLEngineResult r = engine.wrap(src, netOut);
            switch (r.getStatus()) {
                case OK -> {
                    if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                        runTasks();
                    }
                    return;
                }
                case CLOSED -> {
                    if (r.bytesProduced() > 0 || !src.hasRemaining()) {
                        return; // the close_notify (or an alert) itself
                    }
                    throw new ClosedError("send on " + name + ": its TLS output is closed");
                }
                case BUFFER_OVERFLOW -> {
                    int need = engine.getSession().getPacketBufferSize();
                    ByteBuffer bigger = ByteBuffer.allocate(netOut.position() + need);
                    ByteBuffer old = netOut;
                    netOut = bigger.put(old.flip());
                    pool.give(old);
                }
                case BUFFER_UNDERFLOW -> throw new IllegalStateException("wrap underflow: " + r);
            }
        }
    }

    /** Sends every wrapped record, parking as needed. Only by the holder of the output turn (or the handshake). */
    private void flushOutput() throws IOException {
        while (true) {
            if (sending == null || !sending.hasRemaining()) {
                if (netOut == null || netOut.position() == 0) {
                    releaseOutputIfEmpty();
                    return;
                }
                ByteBuffer spent = sending;
                sending = netOut.flip();
                netOut = spent == null ? null : spent.clear(); // wrap takes one when it needs it
            }
            wire.send(sending);
        }
    }

    /** Writes what fits without waiting; the rest is dropped (close and failure paths only). */
    private void flushWithoutWaiting() throws IOException {
        if (sending != null && sending.hasRemaining()) {
            wire.sendNow(sending);
            if (sending.hasRemaining()) {
                return; // the socket buffer is full: the rest would have to wait
            }
        }
        if (netOut == null) {
            return;
        }
        netOut.flip();
        try {
            wire.sendNow(netOut);
        } finally {
            netOut.compact();
        }
    }

    // =====================================================================================
    // Closing and failing
    // =====================================================================================

    /** Ends a direction: {@code WRITE} sends close_notify (waiting until it is sent) and a FIN. */
    public void shutdown(Direction how) throws IOException {
        checkUsable("shutdown");
        if (how != Direction.READ && !outputClosed) {
            handshake();
            outputTurn.take();
            try {
                outputClosed = true;
                engine.closeOutbound();
                wrap(EMPTY);
                flushOutput();
            } finally {
                outputTurn.release();
            }
        }
        if (how != Direction.WRITE) {
            inboundDone = true;
        }
        wire.shutdown(how);
    }

    /**
     * Sends close_notify if that can be done at once (on the socket's loop, nobody mid-write,
     * room in the socket buffer), then closes the socket. Idempotent.
     */
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (handshakeDone && failure == null && !outputClosed && loop != null && loop.inLoop()
                    && !outputTurn.isTaken()) {
                outputClosed = true;
                engine.closeOutbound();
                wrap(EMPTY);
                flushWithoutWaiting();
            }
        } catch (IOException | RuntimeException e) {
            // the peer went away or the engine failed: close anyway
        } finally {
            wire.close();
        }
    }

    /** Records the first failure, sends the engine's alert if it can without waiting, closes the socket. */
    private IOException fail(IOException e) {
        if (failure == null) {
            failure = e;
        }
        try {
            if (loop != null && loop.inLoop() && !outputTurn.isTaken()) {
                for (int i = 0; i < 4 && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP; i++) {
                    wrap(EMPTY);
                }
                flushWithoutWaiting();
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort: the alert is a courtesy
        }
        try {
            closed = true;
            wire.close();
        } catch (IOException ignored) {
            // already failing
        }
        return e;
    }

    private void checkUsable(String operation) throws IOException {
        if (failure != null) {
            throw new SSLException(operation + " on " + name + ", which failed earlier: " + failure.getMessage(), failure);
        }
        if (closed) {
            throw new ClosedError(operation + " on a closed " + name);
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run(); // certificate checks: short, and a thread hop would cost more than they do
        }
    }

    /** A copy of {@code b} with room for at least {@code atLeast} bytes more; hostile sizes fail. */
    private static ByteBuffer grown(ByteBuffer b, int atLeast, boolean readMode) throws SSLException {
        int size = Math.max(b.capacity() * 2, b.capacity() + atLeast);
        if (size > MAX_BUFFER) {
            throw new SSLException("TLS record too large (buffer would need " + size + " bytes)");
        }
        ByteBuffer bigger = ByteBuffer.allocate(size);
        if (readMode) {
            bigger.put(b).flip();
        } else {
            bigger.put(b.flip());
        }
        return bigger;
    }
}
