package io.shrapnel.codecs.amqp;

import io.shrapnel.codecs.amqp.internal.Frame;
import io.shrapnel.codecs.amqp.internal.FrameReader;
import io.shrapnel.codecs.amqp.internal.FrameWriter;
import io.shrapnel.codecs.amqp.internal.Method;
import io.shrapnel.codecs.amqp.internal.MethodSpec;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Interrupted;
import io.shrapnel.kernel.OneShot;
import io.shrapnel.net.Conn;
import java.io.IOException;
import java.time.Duration;

/**
 * One socket of a connection (a recovered connection gets a new one) and the coros that serve it:
 * the reader, the writer ({@link FrameOutput}) and the heartbeat.
 *
 * <p>Threading: the connection's loop.
 */
final class Session {
    final Handshake.Tuned tuned;
    final FrameOutput out;
    final OneShot<Void> closeOk = new OneShot<>();
    private final AmqpConnection owner;
    private final FrameReader reader;
    private final Coro readerCoro;
    private final Coro heartbeatCoro;
    private long lastRead;
    private boolean stopped;

    Session(AmqpConnection owner, Conn conn, FrameReader reader, Handshake.Tuned tuned) {
        this.owner = owner;
        this.reader = reader;
        this.tuned = tuned;
        this.lastRead = Coro.now();
        this.out = new FrameOutput(conn, owner.loop(), e -> owner.sessionFailed(this, e, 0));
        String peer = owner.config().host() + ":" + owner.config().port();
        this.readerCoro = Coro.spawn("amqp-reader " + peer, this::readLoop);
        this.heartbeatCoro = tuned.heartbeatSeconds() > 0 ? Coro.spawn("amqp-heartbeat " + peer, this::heartbeatLoop) : null;
    }

    private void readLoop() {
        try {
            while (true) {
                Frame f = reader.next();
                lastRead = Coro.now();
                if (owner.dispatch(this, f)) {
                    return;
                }
            }
        } catch (AmqpProtocolException e) {
            owner.sessionFailed(this, new AmqpException("protocol error from the broker: " + e.getMessage(), e), e.replyCode());
        } catch (IOException e) {
            owner.sessionFailed(this, new AmqpException("connection to " + owner.config().host() + ":"
                    + owner.config().port() + " lost: " + e, e), 0);
        } catch (Interrupted e) {
            // stopped
        }
    }

    private void heartbeatLoop() {
        long interval = Duration.ofSeconds(tuned.heartbeatSeconds()).toNanos();
        try {
            while (!stopped) {
                Coro.sleep(Duration.ofNanos(interval / 2));
                if (Coro.now() - lastRead > 2 * interval) {
                    String why = "missed heartbeats: nothing from the broker for " + 2 * tuned.heartbeatSeconds() + " s";
                    owner.sessionFailed(this, new AmqpException(why, new AmqpProtocolException(501, why)), 501);
                    return;
                }
                if (Coro.now() - out.lastWrite() >= interval / 2) {
                    out.send(FrameWriter.heartbeat());
                }
            }
        } catch (Interrupted e) {
            // stopped
        }
    }

    /** Tells the broker why (if {@code replyCode} is not 0), then ends the socket and its coros. Idempotent. */
    void stop(int replyCode, String text) {
        if (stopped) {
            return;
        }
        stopped = true;
        if (replyCode != 0) {
            String t = text.length() > 200 ? text.substring(0, 200) : text;
            out.send(FrameWriter.method(0, Method.of(MethodSpec.CONNECTION_CLOSE, replyCode, t, 0, 0)));
        }
        closeOk.signal(null);
        if (heartbeatCoro != null && Coro.current() != heartbeatCoro) {
            heartbeatCoro.shutdown();
        }
        out.finish(owner.config().closeTimeout()); // closing the socket also ends the reader (ClosedError)
    }

    /** Waits until this session's coros have ended (those other than the caller). */
    void join() {
        for (Coro c : new Coro[] {out.writer(), readerCoro, heartbeatCoro}) {
            if (c != null && c != Coro.current()) {
                c.join();
            }
        }
    }
}
