package io.shrapnel.net;

import io.shrapnel.kernel.ClosedError;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.YieldFromMain;
import io.shrapnel.net.internal.AcceptPause;
import io.shrapnel.net.internal.BufferPool;
import io.shrapnel.net.internal.LoopScratch;
import io.shrapnel.net.internal.Selfishness;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A stream socket (TCP or Unix-domain): either a connection ({@link #connect}, or returned by
 * {@link #accept}) or a listener ({@link #bind} then {@link #listen}).
 *
 * <p>{@link #bind} binds, as the original's does: on TCP a port in use fails there, and
 * {@link #localAddress()} answers right after it (the port chosen for port 0 too), with or without a
 * {@code listen}. The JDK keeps connections and listeners apart ({@code SocketChannel},
 * {@code ServerSocketChannel}) and has no "listen" for a socket that is already bound, so the bound
 * socket is a {@code SocketChannel}: {@code connect} uses it as it is, and {@code listen} closes it and
 * binds a listener to the very address it held (reuse-address is on, so nothing lingers in between; the
 * port is free for another process only for that instant). A Unix-domain socket binds its path at
 * {@code listen} or {@code connect}, where a clash is reported.
 *
 * <p>Selfishness: a read or accept that finds data ready counts as a selfish act of the calling coro
 * ({@link Coro#trySelfish()}); when the coro has used up its allowance ({@link Coro#setMaxSelfishActs},
 * default 4), its next read on this socket first yields, so one busy connection cannot starve the
 * others. The yield comes before the read, never between a read and its return, so a timeout that
 * hits the yield loses no data.
 *
 * <p>Threading: see {@link Sock}: loop-confined, {@link #close()} from any thread.
 *
 * @param <S> the concrete socket type ({@code accept} returns one)
 */
public abstract sealed class StreamSock<S extends StreamSock<S>> extends Sock implements Conn
        permits TcpSock, UnixSock {
    private SocketChannel stream;
    private ServerSocketChannel listener;
    private SocketAddress bindAddress;
    /** Bound by {@link #bind} and neither connected nor listening yet (TCP only). */
    private SocketChannel bound;
    private final Selfishness selfishness = new Selfishness();
    /** The last read got less than it had room for: the next one waits for readability first. */
    private boolean drained;
    /** TLS waited for readability since its last {@link #recvNow}: that read is not a selfish one. */
    private boolean waited;
    private AcceptPause acceptPause;
    /** The scratch buffer of the loop this socket last read on (see recv). */
    private ByteBuffer scratch;
    private Scheduler scratchLoop;
    /** The buffer pool of the loop this socket last leased on (see recvLease). */
    private BufferPool leasePool;

    StreamSock() {}

    StreamSock(SocketChannel accepted) {
        this.stream = accepted;
    }

    /** Wraps a connection accepted by this listener. */
    abstract S wrap(SocketChannel accepted);

    /** The family of {@code address}, failing with a clear message if this kind of socket cannot use it. */
    abstract ProtocolFamily familyOf(SocketAddress address);

    @Override
    final NetworkChannel channel() {
        return stream != null ? stream : listener != null ? listener : bound;
    }

    @Override
    boolean remembersOptions() {
        return bound != null; // listen() replaces the bound channel and applies them again
    }

    @Override
    boolean keepsUnsupportedOptions() {
        return listener != null;
    }

    // =====================================================================================
    // Connecting and listening
    // =====================================================================================

    /**
     * Connects to {@code address}, parking the coro until the connection is made. Bound it with
     * {@code Coro.withTimeout(d, () -> sock.connect(address))}.
     */
    public void connect(SocketAddress address) throws IOException {
        ProtocolFamily family = familyOf(address);
        requireFresh("connect");
        SocketChannel ch = bound;
        if (ch != null) {
            bound = null;
            stream = ch; // already counted as opened by bind
        } else {
            ch = SocketChannel.open(family);
            stream = ch; // from here on, close() closes it
            counters().opened();
        }
        ch.configureBlocking(false);
        applyOptions(ch, false);
        if (ch.getLocalAddress() == null) {
            bindSource(ch);
        }
        try {
            if (!ch.connect(address)) {
                while (!ch.finishConnect()) {
                    registration("connect").awaitConnectable();
                }
            }
            counters().connected();
        } catch (ClosedChannelException e) {
            throw closedError("connect");
        }
    }

    /**
     * Connects to the first of {@code addresses} that accepts, racing them as happy eyeballs does
     * (see {@link ConnectRace}); the error names every address that failed.
     */
    final void connectFirst(String host, List<InetSocketAddress> addresses) throws IOException {
        requireFresh("connect");
        if (releaseBound()) {
            counters().closed(); // each attempt opens and binds its own channel to the same address
        }
        SocketChannel won = ConnectRace.run(host, addresses, ConnectRace.ATTEMPT_DELAY, this::openAttempt,
                ch -> counters().closed());
        if (isClosed()) {
            forgetChannel(won);
            throw closedError("connect");
        }
        stream = won;
        counters().connected();
    }

    /** Binds a connecting channel to the {@link #bind} address, if one was given. */
    private void bindSource(SocketChannel ch) throws IOException {
        if (bindAddress != null) {
            if (ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEADDR)) {
                ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            }
            try {
                ch.bind(bindAddress);
            } catch (BindException e) {
                throw bindError(e, bindAddress);
            }
        }
    }

    /** The JDK's "Address already in use" names no address: this one does. */
    static BindException bindError(BindException e, SocketAddress address) {
        BindException named = new BindException(e.getMessage() + ": " + address);
        named.initCause(e);
        return named;
    }

    /**
     * Closes the channel {@link #bind} made, keeping its address (with the port it was given) in
     * bindAddress; returns whether there was one (the caller settles the open count).
     */
    private boolean releaseBound() throws IOException {
        SocketChannel ch = bound;
        if (ch == null) {
            return false;
        }
        bound = null;
        ch.close();
        return true;
    }

    /** A channel for one connect attempt: non-blocking, the options and source address of this socket. */
    private SocketChannel openAttempt(InetSocketAddress address) throws IOException {
        SocketChannel ch = SocketChannel.open(familyOf(address));
        counters().opened();
        try {
            ch.configureBlocking(false);
            applyOptions(ch, true);
            bindSource(ch);
            return ch;
        } catch (IOException | RuntimeException e) {
            counters().closed();
            ch.close();
            throw e;
        }
    }

    /**
     * Binds the socket to {@code address}: the address to {@link #listen} on, or the source address
     * of a {@link #connect}. Reuse-address is on. On TCP the address is bound now: a port in use
     * fails here with a {@link BindException} naming the address, and {@link #localAddress()} gives
     * the bound address (the port chosen for port 0) at once. A Unix-domain path is bound by
     * {@code listen} or {@code connect}.
     */
    public void bind(SocketAddress address) throws IOException {
        ProtocolFamily family = address != null ? familyOf(address) : null;
        requireFresh("bind");
        if (bound != null) {
            throw new IllegalStateException("bind on " + this + ", which is already bound; create a new socket");
        }
        if (!(address instanceof InetSocketAddress)) {
            bindAddress = address;
            return;
        }
        SocketChannel ch = SocketChannel.open(family);
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            applyOptions(ch, true); // SO_REUSEPORT and the like must be set before the bind
            ch.bind(address);
            bindAddress = ch.getLocalAddress();
        } catch (BindException e) {
            ch.close();
            throw bindError(e, address);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        bound = ch;
        counters().opened();
    }

    /**
     * Binds (to the {@link #bind} address, or an ephemeral one) and listens with a queue of
     * {@code backlog} pending connections.
     */
    public void listen(int backlog) throws IOException {
        requireFresh("listen");
        boolean takesOver = releaseBound(); // the listener takes over the bound address (and its count)
        ProtocolFamily family = bindAddress != null ? familyOf(bindAddress) : defaultFamily();
        ServerSocketChannel ch = ServerSocketChannel.open(family);
        listener = ch;
        if (!takesOver) {
            counters().opened();
        }
        ch.configureBlocking(false);
        if (ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEADDR)) {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        }
        applyOptions(ch, true);
        try {
            ch.bind(bindAddress, backlog);
        } catch (BindException e) {
            throw bindError(e, bindAddress);
        }
    }

    /** The family of a listener that was not bound first. */
    abstract ProtocolFamily defaultFamily();

    /** Waits for and returns the next connection. Survives running out of file descriptors (see below). */
    public S accept() throws IOException {
        ServerSocketChannel l = listening("accept");
        selfishness.beforeRead();
        while (true) {
            SocketChannel ch;
            try {
                ch = l.accept();
            } catch (ClosedChannelException e) {
                throw closedError("accept");
            } catch (IOException e) {
                if (!AcceptPause.isResourceExhaustion(e)) {
                    throw e;
                }
                if (acceptPause == null) {
                    acceptPause = new AcceptPause(this);
                }
                acceptPause.pause(e); // sleeps; then try again (waiting for readable would return at once)
                continue;
            }
            if (ch != null) {
                if (acceptPause != null) {
                    acceptPause.resumed();
                }
                selfishness.readyRead();
                return adopt(ch);
            }
            registration("accept").awaitReadable();
        }
    }

    /**
     * Waits for one connection, then takes those already queued, up to {@code max} in all.
     *
     * <p>When the process runs out of file descriptors, {@code accept} does not fail and does not
     * spin: it pauses (10 ms, doubling up to 1 s), says so once on stderr, and carries on when
     * descriptors are free again. The pending connections wait in the listen queue meanwhile.
     */
    public List<S> acceptMany(int max) throws IOException {
        if (max < 1) {
            throw new IllegalArgumentException("acceptMany needs max >= 1, not " + max);
        }
        List<S> out = new ArrayList<>(Math.min(max, 64));
        out.add(accept());
        ServerSocketChannel l = listener;
        while (out.size() < max) {
            SocketChannel ch;
            try {
                ch = l.accept();
            } catch (IOException e) {
                break; // the next accept() reports it, or pauses if descriptors ran out
            }
            if (ch == null) {
                break;
            }
            out.add(adopt(ch));
        }
        return out;
    }

    private S adopt(SocketChannel ch) throws IOException {
        try {
            ch.configureBlocking(false);
            var options = pendingOptionsIfAny();
            if (options != null) {
                for (var e : options.entrySet()) {
                    if (!listener.supportedOptions().contains(e.getKey())
                            && ch.supportedOptions().contains(e.getKey())) {
                        setRaw(ch, e.getKey(), e.getValue());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        counters().accepted();
        return wrap(ch);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void setRaw(SocketChannel ch, SocketOption name, Object value) throws IOException {
        ch.setOption(name, value);
    }

    // =====================================================================================
    // Reading
    // =====================================================================================

    @Override
    public byte[] recv(int maxBytes) throws IOException {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("recv needs maxBytes >= 0, not " + maxBytes);
        }
        SocketChannel ch = connected("recv");
        // Read into the loop's direct scratch buffer, then copy out exactly what came: the JDK would
        // copy through a temporary direct buffer anyway, and a recv(65536) that gets 64 bytes should
        // not allocate 64 KB. A larger maximum reads at most the scratch's capacity ("up to").
        ByteBuffer scratch = loopScratch();
        if (scratch == null) {
            byte[] buf = new byte[maxBytes];
            int n = recvInto(ByteBuffer.wrap(buf));
            return n < 0 ? new byte[0] : Arrays.copyOf(buf, n);
        }
        int max = Math.min(maxBytes, LoopScratch.CAPACITY);
        // The scratch is shared by the loop's sockets and this coro may park before its read: it is
        // sized afresh for every read attempt. Sized once before the wait, another coro's recv would
        // have moved it meanwhile (its limit: more than max bytes; consumed: reads of nothing,
        // woken again and again by the still readable socket). Nothing parks between the read and
        // the copy below.
        int n = (int) read(ch, "recv", max, c -> c.read(scratch.clear().limit(max)));
        if (n <= 0) {
            return new byte[0];
        }
        byte[] out = new byte[n];
        scratch.flip().get(out);
        return out;
    }

    /**
     * The array-free receive: reads up to {@code maxBytes} (at most 64 KiB) into a direct buffer lent
     * by the loop's pool and hands it over as a {@link BufferLease}, which must be closed. Nothing is
     * zeroed or copied: where {@link #recv} makes a new array of what came, this gives the buffer the
     * socket wrote into, ready to parse or to pass to {@link #sendAll(ByteBuffer)} (which writes a
     * direct buffer as it is). At the end of the stream the lease is empty ({@link BufferLease#isEndOfStream()}).
     */
    public BufferLease recvLease(int maxBytes) throws IOException {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("recvLease needs maxBytes > 0, not " + maxBytes);
        }
        SocketChannel ch = connected("recv");
        Coro c = Coro.current();
        if (c == null) {
            throw new YieldFromMain("recvLease on " + this + " must be called from inside a coro: "
                    + "its buffer comes from the loop's pool. Spawn a coro (Coro.spawn) and run the loop.");
        }
        BufferPool pool = leasePool;
        if (pool == null || pool.loop() != c.scheduler()) {
            pool = leasePool = BufferPool.of(c.scheduler()); // a lookup under a lock: once per loop, not per read
        }
        int max = Math.min(maxBytes, BufferPool.MAX_SIZE);
        ByteBuffer b = pool.take(max).limit(max);
        int n;
        try {
            n = read(ch, b, "recv");
        } catch (Throwable t) {
            pool.give(b);
            throw t;
        }
        b.flip();
        return new BufferLease(pool, b, Math.max(n, 0));
    }

    /** The current loop's scratch buffer, or null outside a coro. */
    private ByteBuffer loopScratch() {
        Coro c = Coro.current();
        if (c == null) {
            return null;
        }
        if (scratchLoop != c.scheduler()) {
            scratch = LoopScratch.of(c.scheduler());
            scratchLoop = c.scheduler();
        }
        return scratch;
    }

    @Override
    public int recvInto(ByteBuffer dst) throws IOException {
        return read(connected("recv"), dst, "recv");
    }

    /** Scatter read: fills {@code dsts} in order, waiting for at least one byte; -1 at end of stream. */
    public long readv(ByteBuffer... dsts) throws IOException {
        SocketChannel ch = connected("readv");
        return read(ch, "readv", remaining(dsts), c -> c.read(dsts));
    }

    private int read(SocketChannel ch, ByteBuffer dst, String operation) throws IOException {
        return (int) read(ch, operation, dst.remaining(), c -> c.read(dst));
    }

    /** One read call of the channel: {@code read(dst)} or {@code read(dsts)}. */
    @FunctionalInterface
    private interface ReadCall {
        long read(SocketChannel ch) throws IOException;
    }

    /** Reads until something came (or the end, or no room), waiting for readability in between. */
    private long read(SocketChannel ch, String operation, long room, ReadCall call) throws IOException {
        boolean hasRoom = room > 0;
        selfishness.beforeRead();
        boolean first = true;
        if (drained && hasRoom) {
            // The last read took less than it had room for, so the socket is most likely empty: wait
            // for the selector to say otherwise instead of paying for a read that finds nothing.
            drained = false;
            first = false;
            registration(operation).awaitReadable();
        }
        while (true) {
            long n = readOnce(ch, operation, call);
            if (n != 0 || !hasRoom) {
                if (n > 0) {
                    drained = n < room;
                    if (first) {
                        selfishness.readyRead();
                    }
                }
                return n;
            }
            first = false;
            registration(operation).awaitReadable();
        }
    }

    /** One read attempt: its count, counted in the socket's statistics; a closed channel is a ClosedError. */
    private long readOnce(SocketChannel ch, String operation, ReadCall call) throws IOException {
        long n;
        try {
            n = call.read(ch);
        } catch (ClosedChannelException e) {
            throw closedError(operation);
        }
        if (n > 0) {
            counters().bytesIn(n);
        }
        return n;
    }

    // ---- for TLS, which takes a buffer to read into only once the socket is readable ----

    /**
     * One read that never parks: the count, 0 if nothing was there, -1 at end of stream. Marks the
     * socket {@link #drained()} when it got less than it had room for.
     */
    final int recvNow(ByteBuffer dst) throws IOException {
        SocketChannel ch = connected("recv");
        long room = dst.remaining();
        selfishness.beforeRead();
        int n = (int) readOnce(ch, "recv", c -> c.read(dst));
        if (n > 0 && !waited) {
            selfishness.readyRead(); // found data without waiting for it
        }
        waited = false;
        drained = n >= 0 && n < room;
        return n;
    }

    /** True when the last read got less than it had room for: the socket is most likely empty. */
    final boolean drained() {
        return drained;
    }

    /** Parks until the socket is readable. */
    final void awaitReadable() throws IOException {
        connected("recv");
        registration("recv").awaitReadable();
        drained = false;
        waited = true;
    }

    private static long remaining(ByteBuffer[] bufs) {
        long n = 0;
        for (ByteBuffer b : bufs) {
            n += b.remaining();
        }
        return n;
    }

    private static boolean hasRemaining(ByteBuffer[] bufs) {
        for (ByteBuffer b : bufs) {
            if (b.hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    // =====================================================================================
    // Writing
    // =====================================================================================

    @Override
    public int send(ByteBuffer src) throws IOException {
        SocketChannel ch = connected("send");
        // A heap buffer goes out through the loop's direct scratch buffer. Written as it is, the JDK
        // would copy it into a temporary direct buffer that it caches per thread: per coro, here, so
        // every connection that ever sent 64 KB from an array would keep 64 KB of native memory.
        ByteBuffer scratch = src.isDirect() ? null : loopScratch();
        while (true) {
            int n;
            try {
                n = scratch == null ? ch.write(src) : writeThrough(ch, src, scratch);
            } catch (ClosedChannelException e) {
                throw closedError("send");
            }
            if (n > 0 || !src.hasRemaining()) {
                counters().bytesOut(n);
                return n;
            }
            registration("send").awaitWritable();
        }
    }

    /** Writes what fits of {@code src} from {@code scratch}; advances {@code src} by what was written. */
    private static int writeThrough(SocketChannel ch, ByteBuffer src, ByteBuffer scratch) throws IOException {
        int len = Math.min(src.remaining(), scratch.capacity());
        scratch.clear().put(0, src, src.position(), len).limit(len);
        int n = ch.write(scratch); // nothing parks between the copy and the write: the scratch is the loop's
        src.position(src.position() + n);
        return n;
    }

    /**
     * One write without waiting (for a TLS close_notify on close, which must not hang on a peer that
     * does not read); returns the count, possibly 0.
     */
    final int sendNow(ByteBuffer src) throws IOException {
        try {
            int n = connected("send").write(src);
            counters().bytesOut(n);
            return n;
        } catch (ClosedChannelException e) {
            throw closedError("send");
        }
    }

    /** Gather write: sends all of {@code srcs}, in order; returns the number of bytes sent. */
    public long writev(ByteBuffer... srcs) throws IOException {
        SocketChannel ch = connected("writev");
        long total = 0;
        while (hasRemaining(srcs)) {
            long n;
            try {
                n = ch.write(srcs);
            } catch (ClosedChannelException e) {
                throw closedError("writev");
            }
            if (n == 0) {
                registration("writev").awaitWritable();
            }
            total += n;
        }
        counters().bytesOut(total);
        return total;
    }

    @Override
    public void shutdown(Direction how) throws IOException {
        SocketChannel ch = connected("shutdown");
        try {
            if (how != Direction.WRITE) {
                ch.shutdownInput();
            }
            if (how != Direction.READ) {
                ch.shutdownOutput();
            }
        } catch (ClosedChannelException e) {
            throw closedError("shutdown");
        }
    }

    @Override
    public SocketAddress peerAddress() throws IOException {
        SocketChannel ch = stream;
        if (isClosed()) {
            throw closedError("peerAddress");
        }
        return ch == null ? null : ch.getRemoteAddress();
    }

    /** True for a listening socket. */
    public boolean isListening() {
        return listener != null;
    }

    /** True once connected (or accepted) and not closed. */
    public boolean isConnected() {
        return stream != null && stream.isConnected() && !isClosed();
    }

    // =====================================================================================
    // State checks (each says what to do instead)
    // =====================================================================================

    private SocketChannel connected(String operation) throws ClosedError {
        open(operation);
        SocketChannel ch = stream;
        if (ch == null) {
            throw new IllegalStateException(operation + " needs a connected socket, but " + this
                    + (listener != null ? " is listening: accept() a connection and " + operation + " on it"
                    : " is not connected yet: connect() first"));
        }
        return ch;
    }

    private ServerSocketChannel listening(String operation) throws ClosedError {
        open(operation);
        if (listener == null) {
            throw new IllegalStateException(operation + " needs a listening socket, but " + this
                    + (stream != null ? " is a connection" : " is not listening yet: bind(address) then listen(backlog)"));
        }
        return listener;
    }

    private void requireFresh(String operation) throws ClosedError {
        open(operation);
        if (stream != null || listener != null) {
            throw new IllegalStateException(operation + " on " + this + ", which is already "
                    + (listener != null ? "listening" : "connected") + "; create a new socket");
        }
    }

    private java.util.Map<SocketOption<?>, Object> pendingOptionsIfAny() {
        return hasPendingOptions() ? pendingOptions() : null;
    }
}
