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
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.net.Conn;
import io.shrapnel.net.TcpSock;
import io.shrapnel.net.TlsSock;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
 * {@code connection.unblocked}. With {@link AmqpConfig.Recovery} a lost connection is reopened
 * (see there); publishes in flight then fail with {@link PublishFailedException}, new ones park until
 * the connection is back, and other channel calls fail fast meanwhile.
 *
 * <p>Threading: open it, its channels and publish from coros of one loop. Acknowledgements
 * ({@link Delivery.Message#ack()}) and {@link #close()} may come from any thread.
 */
public final class AmqpConnection implements AutoCloseable {
    static final int CHANNEL_ERROR = 504;

    private final AmqpConfig config;
    private final Scheduler loop;
    private final Map<Integer, AmqpChannel> channels = new TreeMap<>();
    /** Woken when publishing may go on: unblocked, recovered, or closed. */
    private final ConditionVariable<Void> mayPublish = new ConditionVariable<>();
    final Topology topology = new Topology();
    private volatile Session session; // replaced by recovery; read by acks from other threads
    private Coro recoveryCoro;
    private volatile AmqpException closeReason;
    private volatile AmqpException lostReason;
    private volatile boolean closing;
    private boolean blocked;
    private int nextChannel = 1;
    private int recoveries;

    private AmqpConnection(AmqpConfig config) {
        this.config = config;
        this.loop = Scheduler.current();
    }

    /** Connects, authenticates and opens the virtual host; parks the calling coro meanwhile. */
    public static AmqpConnection open(AmqpConfig config) throws IOException {
        AmqpConnection c = new AmqpConnection(config);
        c.session = c.connectSession();
        return c;
    }

    private Session connectSession() throws IOException {
        Conn conn = null;
        try {
            Conn c = Coro.withTimeout(config.connectTimeout(), () -> connect(config));
            conn = c;
            FrameReader reader = new FrameReader(c, Math.max(config.frameMax(), 131_072));
            Handshake.Tuned tuned = Coro.withTimeout(config.connectTimeout(), () -> new Handshake(c, reader, config).run());
            return new Session(this, c, reader, tuned);
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(conn);
            throw e;
        } catch (Exception e) {
            closeQuietly(conn);
            throw new AmqpException("could not open the connection to " + config.host() + ":" + config.port(), e);
        }
    }

    /**
     * TCP with TCP_NODELAY: every write is a whole batch of frames, and Nagle's algorithm would hold
     * a small request back until the broker's (delayed) ack of the previous one, tens of ms.
     */
    private static Conn connect(AmqpConfig config) throws IOException {
        TcpSock s = TcpSock.create();
        try {
            s.setOption(StandardSocketOptions.TCP_NODELAY, true);
            s.connect(config.host(), config.port());
            if (config.tls() == null) {
                return s;
            }
            TlsSock tls = TlsSock.client(s, config.tls(), config.serverName() != null ? config.serverName() : config.host());
            tls.handshake();
            return tls;
        } catch (IOException | RuntimeException | Error e) {
            s.close();
            throw e;
        }
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
        checkUsable();
        int limit = session.tuned.channelMax() == 0 ? 65535 : session.tuned.channelMax();
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
        return session.tuned.frameMax();
    }

    public int channelMax() {
        return session.tuned.channelMax();
    }

    /** The negotiated heartbeat interval, zero if off. */
    public Duration heartbeat() {
        return Duration.ofSeconds(session.tuned.heartbeatSeconds());
    }

    /** What the broker said about itself in connection.start (product, version, capabilities). */
    public Map<String, Object> serverProperties() {
        return session.tuned.serverProperties();
    }

    public AmqpConfig config() {
        return config;
    }

    /** True while the broker has blocked publishing (connection.blocked, e.g. a memory alarm). */
    public boolean isBlocked() {
        return blocked;
    }

    /** False once closed for good (a connection that is recovering is still open). */
    public boolean isOpen() {
        return closeReason == null;
    }

    /** True between losing the socket and getting a new one (with recovery on). */
    public boolean isRecovering() {
        return lostReason != null && closeReason == null;
    }

    /** How many times the connection recovered. */
    public int recoveries() {
        return recoveries;
    }

    /** Why the connection closed, or null while it is open. */
    public AmqpException closeReason() {
        return closeReason;
    }

    Scheduler loop() {
        return loop;
    }

    /** Fails if closed, or if recovering and the caller is not the recovery itself. */
    void checkUsable() throws AmqpException {
        AmqpException r = closeReason;
        if (r != null) {
            throw r;
        }
        AmqpException lost = lostReason;
        if (lost != null && Coro.current() != recoveryCoro) {
            throw new AmqpException("the connection is recovering after: " + lost.getMessage(), lost);
        }
    }

    /** Queues encoded frames for the writer; any thread. */
    void send(byte[] frames) {
        session.out.send(frames);
    }

    /** Parks a publisher while the broker has blocked the connection or it is recovering. */
    void awaitPublishable() throws AmqpException {
        while ((blocked || lostReason != null) && closeReason == null && Coro.current() != recoveryCoro) {
            mayPublish.await();
        }
        checkUsable();
    }

    void removeChannel(AmqpChannel ch) {
        channels.remove(ch.number(), ch);
    }

    // ---- frames from the current session's reader

    /** Handles one frame; true when the reader is done (close-ok, or the broker's close). */
    boolean dispatch(Session from, Frame f) throws IOException {
        if (from != session) {
            return true; // a stale reader of a socket already replaced
        }
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
                sessionFailed(session, new AmqpException(true, m.integer(0), m.str(1), m.integer(2), m.integer(3)), 0);
                return true;
            }
            case CONNECTION_CLOSE_OK -> {
                session.closeOk.signal(null);
                return true;
            }
            case CONNECTION_BLOCKED -> blocked = true;
            case CONNECTION_UNBLOCKED -> {
                blocked = false;
                mayPublish.wakeAll();
            }
            case CONNECTION_UPDATE_SECRET_OK -> { }
            default -> throw new AmqpProtocolException(503, "unexpected method " + m.spec() + " on channel 0");
        }
        return false;
    }

    // ---- losing a session: recover or close

    /**
     * The session {@code s} ended with {@code reason} (after telling the broker {@code replyCode} if
     * not 0). Starts recovery when it is on and the application did not close; else closes for good.
     */
    void sessionFailed(Session s, AmqpException reason, int replyCode) {
        if (s != session || closeReason != null) {
            return;
        }
        s.stop(replyCode, reason.getMessage());
        if (closing || config.recovery() == null) {
            fail(closing ? closedByClient() : reason);
            return;
        }
        boolean first = lostReason == null;
        lostReason = reason;
        blocked = false;
        for (AmqpChannel ch : new ArrayList<>(channels.values())) {
            ch.interrupted(reason);
        }
        if (first) {
            recoveryCoro = Coro.spawn("amqp-recovery " + config.host() + ":" + config.port(), this::recover);
        }
    }

    private void recover() {
        AmqpConfig.Recovery r = config.recovery();
        Duration delay = r.initialDelay();
        try {
            for (int attempt = 1; ; attempt++) {
                Coro.sleep(delay);
                try {
                    reopen();
                    lostReason = null;
                    recoveries++;
                    mayPublish.wakeAll();
                    return;
                } catch (IOException e) {
                    session.stop(0, "");
                    if (attempt >= r.maxAttempts()) {
                        fail(new AmqpException("gave up recovering the connection to " + config.host() + ":"
                                + config.port() + " after " + attempt + " attempts; last: " + e.getMessage(), e));
                        return;
                    }
                    delay = delay.multipliedBy(2).compareTo(r.maxDelay()) > 0 ? r.maxDelay() : delay.multipliedBy(2);
                }
            }
        } catch (Interrupted e) {
            // the application closed the connection meanwhile
        } finally {
            recoveryCoro = null;
        }
    }

    /** A new socket, the channels reopened, the topology declared again, the consumers restarted. */
    private void reopen() throws IOException {
        session = connectSession();
        List<AmqpChannel> open = new ArrayList<>(channels.values());
        for (AmqpChannel ch : open) {
            ch.reopen();
        }
        Map<String, String> renames = Map.of();
        if (topology.size() > 0) {
            AmqpChannel temp = openChannel();
            renames = topology.redeclare(temp);
            temp.close();
        }
        for (AmqpChannel ch : open) {
            ch.reconsume(renames);
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
            Coro.spawnOn(loop, "amqp-close", this::close); // on the connection's loop, not the caller's default one
            return;
        }
        if (closeReason == null && !closing) {
            closing = true;
            if (lostReason != null) {
                fail(closedByClient());
            } else {
                Session s = session;
                send(FrameWriter.method(0, Method.of(MethodSpec.CONNECTION_CLOSE, 200, "Goodbye", 0, 0)));
                s.closeOk.await(config.closeTimeout());
                fail(closedByClient());
            }
        }
        Coro recovery = recoveryCoro;
        if (recovery != null && recovery != Coro.current()) {
            recovery.join();
        }
        session.join();
    }

    /** Ends the connection for good: everything waiting on it fails with {@code reason}. Idempotent. */
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
        mayPublish.wakeAll();
        session.stop(0, "");
        Coro recovery = recoveryCoro;
        if (recovery != null && recovery != Coro.current()) {
            recovery.shutdown();
        }
    }

    @Override
    public String toString() {
        return "AmqpConnection[" + config.host() + ":" + config.port() + config.virtualHost()
                + (closeReason == null ? lostReason == null ? ", open" : ", recovering" : ", closed: " + closeReason.getMessage()) + "]";
    }
}
