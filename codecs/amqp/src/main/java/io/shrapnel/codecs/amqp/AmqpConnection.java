package io.shrapnel.codecs.amqp;

import io.shrapnel.codecs.amqp.internal.Frame;
import io.shrapnel.codecs.amqp.internal.FrameReader;
import io.shrapnel.codecs.amqp.internal.FrameWriter;
import io.shrapnel.codecs.amqp.internal.Method;
import io.shrapnel.codecs.amqp.internal.MethodSpec;
import io.shrapnel.codecs.amqp.internal.WireReader;
import io.shrapnel.kernel.ConditionVariable;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Interrupted;
import io.shrapnel.kernel.OneShot;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.net.Conn;
import io.shrapnel.net.TcpSock;
import io.shrapnel.net.TlsSock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One AMQP 0-9-1 connection to a broker, with its channels multiplexed over it.
 *
 * <pre>{@code
 * try (AmqpConnection c = AmqpConnection.open(AmqpConfig.builder().port(5672).build())) {
 *     AmqpChannel ch = c.openChannel();
 *     ch.queueDeclare(QueueSpec.named("jobs"));
 *     ch.confirmSelect();
 *     ch.publish("", "jobs", Properties.EMPTY, "hello".getBytes());   // parks until the broker confirms
 * }
 * }</pre>
 *
 * <p>Three coros serve it: a reader (frames to channels, consumers and confirms), a writer (drains
 * the frames queued by every channel, several per system call) and, when heartbeats are on, a
 * heartbeat coro that sends one every half interval and closes the connection when nothing came from
 * the broker for two intervals. {@code connection.blocked} parks publishers until
 * {@code connection.unblocked}.
 *
 * <p>Threading: open it, its channels and publish from coros of one loop. Acknowledgements
 * ({@link Delivery.Message#ack()}) and {@link #close()} may come from any thread.
 */
public final class AmqpConnection implements AutoCloseable {
    static final int CHANNEL_ERROR = 504;

    private final AmqpConfig config;
    private final Conn conn;
    private final Scheduler loop;
    private final FrameReader reader;
    private final FrameOutput out;
    private final Handshake.Tuned tuned;
    private final Map<Integer, AmqpChannel> channels = new HashMap<>();
    private final ConditionVariable<Void> unblocked = new ConditionVariable<>();
    private final OneShot<Void> closeOk = new OneShot<>();
    private final Coro readerCoro;
    private final Coro heartbeatCoro;
    private volatile AmqpException closeReason;
    private volatile boolean closing;
    private boolean blocked;
    private long lastRead;
    private int nextChannel = 1;

    private AmqpConnection(AmqpConfig config, Conn conn, FrameReader reader, Handshake.Tuned tuned) {
        this.config = config;
        this.conn = conn;
        this.reader = reader;
        this.tuned = tuned;
        this.loop = Scheduler.current();
        this.lastRead = Coro.now();
        this.out = new FrameOutput(conn, loop, this::fail);
        this.readerCoro = Coro.spawn("amqp-reader " + config.host() + ":" + config.port(), this::readLoop);
        this.heartbeatCoro = tuned.heartbeatSeconds() > 0
                ? Coro.spawn("amqp-heartbeat " + config.host() + ":" + config.port(), this::heartbeatLoop)
                : null;
    }

    /** Connects, authenticates and opens the virtual host; parks the calling coro meanwhile. */
    public static AmqpConnection open(AmqpConfig config) throws IOException {
        Conn conn = null;
        try {
            Conn c = Coro.withTimeout(config.connectTimeout(), () -> connect(config));
            conn = c;
            FrameReader reader = new FrameReader(c, Math.max(config.frameMax(), 131_072));
            Handshake.Tuned tuned = Coro.withTimeout(config.connectTimeout(), () -> new Handshake(c, reader, config).run());
            return new AmqpConnection(config, c, reader, tuned);
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(conn);
            throw e;
        } catch (Exception e) {
            closeQuietly(conn);
            throw new AmqpException("could not open the connection to " + config.host() + ":" + config.port(), e);
        }
    }

    private static Conn connect(AmqpConfig config) throws IOException {
        if (config.tls() != null) {
            String name = config.serverName() != null ? config.serverName() : config.host();
            return TlsSock.connect(config.host(), config.port(), name, config.tls());
        }
        TcpSock s = TcpSock.create();
        try {
            s.connect(config.host(), config.port());
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private static void closeQuietly(Conn c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // already failing; the first error is the one to report
            }
        }
    }

    /** Opens a new channel (parks until the broker answers). */
    public AmqpChannel openChannel() throws IOException {
        checkOpen();
        int limit = tuned.channelMax() == 0 ? 65535 : tuned.channelMax();
        int n = nextChannel;
        while (channels.containsKey(n)) {
            n = n % limit + 1;
            if (n == nextChannel) {
                throw new IllegalStateException("all " + limit + " channels are open; close some first");
            }
        }
        nextChannel = n % limit + 1;
        AmqpChannel ch = new AmqpChannel(this, n);
        channels.put(n, ch);
        try {
            ch.open();
        } catch (IOException e) {
            channels.remove(n);
            throw e;
        }
        return ch;
    }

    /** The negotiated frame max (bytes, including the 8 bytes of frame overhead). */
    public int frameMax() {
        return tuned.frameMax();
    }

    public int channelMax() {
        return tuned.channelMax();
    }

    /** The negotiated heartbeat interval, zero if off. */
    public Duration heartbeat() {
        return Duration.ofSeconds(tuned.heartbeatSeconds());
    }

    /** What the broker said about itself in connection.start (product, version, capabilities). */
    public Map<String, Object> serverProperties() {
        return tuned.serverProperties();
    }

    public AmqpConfig config() {
        return config;
    }

    /** True while the broker has blocked publishing (connection.blocked, e.g. a memory alarm). */
    public boolean isBlocked() {
        return blocked;
    }

    public boolean isOpen() {
        return closeReason == null;
    }

    /** Why the connection closed, or null while it is open. */
    public AmqpException closeReason() {
        return closeReason;
    }

    Scheduler loop() {
        return loop;
    }

    void checkOpen() throws AmqpException {
        AmqpException r = closeReason;
        if (r != null) {
            throw r;
        }
    }

    /** Queues encoded frames for the writer; any thread. */
    void send(byte[] frames) {
        out.send(frames);
    }

    /** Parks a publisher while the broker has blocked the connection. */
    void awaitUnblocked() throws AmqpException {
        while (blocked && closeReason == null) {
            unblocked.await();
        }
        checkOpen();
    }

    void removeChannel(AmqpChannel ch) {
        channels.remove(ch.number(), ch);
    }

    // ---- the reader coro

    private void readLoop() {
        try {
            while (true) {
                Frame f = reader.next();
                lastRead = Coro.now();
                if (dispatch(f)) {
                    return;
                }
            }
        } catch (AmqpProtocolException e) {
            fail(new AmqpException("protocol error from the broker: " + e.getMessage(), e), e.replyCode(), e.getMessage());
        } catch (IOException e) {
            fail(closing ? closedByClient() : new AmqpException("connection to " + config.host() + ":" + config.port()
                    + " lost: " + e, e));
        } catch (Interrupted e) {
            // the connection is closing and stopped its reader
        }
    }

    /** Handles one frame; true when the reader is done (close-ok). */
    private boolean dispatch(Frame f) throws IOException {
        if (f.type() == Frame.HEARTBEAT) {
            if (f.channel() != 0) {
                throw new AmqpProtocolException(501, "heartbeat frame on channel " + f.channel());
            }
            return false;
        }
        if (f.channel() == 0) {
            if (f.type() != Frame.METHOD) {
                throw new AmqpProtocolException(505, "content frame of type " + f.type() + " on channel 0");
            }
            return connectionMethod(Method.decode(new WireReader(f.payload())));
        }
        AmqpChannel ch = channels.get(f.channel());
        if (ch == null) {
            throw new AmqpProtocolException(CHANNEL_ERROR, "frame for channel " + f.channel() + ", which is not open");
        }
        ch.onFrame(f);
        return false;
    }

    private boolean connectionMethod(Method m) throws IOException {
        switch (m.spec()) {
            case CONNECTION_CLOSE -> {
                send(FrameWriter.method(0, Method.of(MethodSpec.CONNECTION_CLOSE_OK)));
                fail(new AmqpException(true, m.integer(0), m.str(1), m.integer(2), m.integer(3)));
                return true;
            }
            case CONNECTION_CLOSE_OK -> {
                closeOk.signal(null);
                return true;
            }
            case CONNECTION_BLOCKED -> blocked = true;
            case CONNECTION_UNBLOCKED -> {
                blocked = false;
                unblocked.wakeAll();
            }
            case CONNECTION_UPDATE_SECRET_OK -> { }
            default -> throw new AmqpProtocolException(503, "unexpected method " + m.spec() + " on channel 0");
        }
        return false;
    }

    // ---- heartbeats

    private void heartbeatLoop() {
        long interval = Duration.ofSeconds(tuned.heartbeatSeconds()).toNanos();
        try {
            while (closeReason == null) {
                Coro.sleep(Duration.ofNanos(interval / 2));
                if (Coro.now() - lastRead > 2 * interval) {
                    String why = "missed heartbeats: nothing from the broker for " + 2 * tuned.heartbeatSeconds() + " s";
                    fail(new AmqpException(why, new AmqpProtocolException(501, why)), 501, why);
                    return;
                }
                if (Coro.now() - out.lastWrite() >= interval / 2) {
                    send(FrameWriter.heartbeat());
                }
            }
        } catch (Interrupted e) {
            // closing
        }
    }

    // ---- closing

    private AmqpException closedByClient() {
        return new AmqpException(true, 200, "connection closed by the application", 0, 0);
    }

    /**
     * Closes cleanly: connection.close, wait (up to the config's close timeout) for close-ok, then
     * the socket. Channels, confirms and consumers still open fail with the reason. Returns when the
     * connection's coros have ended (also after the connection failed on its own). Idempotent.
     */
    @Override
    public void close() throws IOException {
        if (!loop.inLoop()) {
            loop.post(() -> Coro.spawn("amqp-close", this::close));
            return;
        }
        if (closeReason == null && !closing) {
            closing = true;
            send(FrameWriter.method(0, Method.of(MethodSpec.CONNECTION_CLOSE, 200, "Goodbye", 0, 0)));
            closeOk.await(config.closeTimeout());
            fail(closedByClient());
        }
        for (Coro c : new Coro[] {out.writer(), readerCoro, heartbeatCoro}) {
            if (c != null && c != Coro.current()) {
                c.join();
            }
        }
    }

    /** Fails the connection after a fault of ours to report: tells the broker why with this reply code. */
    private void fail(AmqpException reason, int replyCode, String text) {
        if (closeReason == null) {
            String t = text.length() > 200 ? text.substring(0, 200) : text;
            send(FrameWriter.method(0, Method.of(MethodSpec.CONNECTION_CLOSE, replyCode, t, 0, 0)));
        }
        fail(reason);
    }

    /** Ends the connection: everything waiting on it fails with {@code reason}; the socket closes. Idempotent. */
    void fail(AmqpException reason) {
        if (closeReason != null) {
            return;
        }
        closeReason = reason;
        List<AmqpChannel> open = new ArrayList<>(channels.values());
        channels.clear();
        for (AmqpChannel ch : open) {
            ch.fail(reason);
        }
        unblocked.wakeAll();
        closeOk.signal(null);
        if (heartbeatCoro != null && Coro.current() != heartbeatCoro) {
            heartbeatCoro.shutdown();
        }
        out.finish(config.closeTimeout()); // closing the socket also ends the reader (ClosedError)
    }

    @Override
    public String toString() {
        return "AmqpConnection[" + config.host() + ":" + config.port() + config.virtualHost()
                + (closeReason == null ? ", open" : ", closed: " + closeReason.getMessage()) + "]";
    }
}
