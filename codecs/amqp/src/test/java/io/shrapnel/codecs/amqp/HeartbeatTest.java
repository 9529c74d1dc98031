package io.shrapnel.codecs.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.shrapnel.codecs.amqp.internal.Frame;
import io.shrapnel.codecs.amqp.internal.FrameWriter;
import io.shrapnel.codecs.amqp.internal.Method;
import io.shrapnel.codecs.amqp.internal.MethodSpec;
import io.shrapnel.codecs.amqp.internal.WireReader;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.OneShot;
import io.shrapnel.kernel.testing.TestLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When the client sends heartbeats and when it gives up on a silent broker, on the loop's virtual
 * clock: a fake broker negotiates a 2 s heartbeat and writes down, in virtual milliseconds after the
 * handshake, every frame the client sends until its connection.close. The client checks every half
 * interval (1 s): it sends a heartbeat when it wrote nothing for half an interval, and closes with
 * 501 once nothing came from the broker for more than two intervals (4 s).
 */
class HeartbeatTest {
    interface Client {
        void run(AmqpConnection c) throws Exception;
    }

    /**
     * The broker's log of what the client sent: "ms heartbeat" or "ms METHOD" (close: "ms CONNECTION_CLOSE 501");
     * the broker sends a heartbeat of its own at each of {@code brokerBeats} after the handshake.
     */
    private static List<String> observe(List<Duration> brokerBeats, Client client) throws Exception {
        List<String> log = new ArrayList<>();
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                try (FakeBroker broker = FakeBroker.listen()) {
                    OneShot<Throwable> done = new OneShot<>();
                    Coro.spawn("observing-broker", () -> {
                        try {
                            broker.handshake(2, 4096);
                            long start = Coro.now();
                            Coro.spawn("broker-beats", () -> {
                                for (Duration at : brokerBeats) {
                                    Coro.sleep(Duration.ofNanos(start + at.toNanos() - Coro.now()));
                                    broker.sendRaw(FrameWriter.heartbeat());
                                }
                            });
                            while (true) {
                                Frame f = broker.frames.next();
                                long ms = Duration.ofNanos(Coro.now() - start).toMillis();
                                if (f.type() == Frame.HEARTBEAT) {
                                    log.add(ms + " heartbeat");
                                } else if (f.type() == Frame.METHOD) {
                                    Method m = Method.decode(new WireReader(f.payload()));
                                    if (m.spec() == MethodSpec.CHANNEL_OPEN) {
                                        broker.send(1, Method.of(MethodSpec.CHANNEL_OPEN_OK, new byte[0]));
                                    }
                                    if (m.spec() == MethodSpec.CONNECTION_CLOSE) {
                                        log.add(ms + " " + m.spec() + " " + m.integer(0));
                                        break;
                                    }
                                    log.add(ms + " " + m.spec());
                                }
                            }
                            done.signal(null);
                        } catch (Throwable t) {
                            done.signal(t);
                        }
                    });
                    AmqpConnection c = AmqpConnection.open(broker.config().heartbeat(Duration.ofSeconds(2)).build());
                    client.run(c);
                    while (c.isOpen()) {
                        Coro.sleep(Duration.ofMillis(100));
                    }
                    c.close();
                    Throwable t = done.await();
                    if (t != null) {
                        throw new AssertionError("fake broker failed", t);
                    }
                    assertFalse(c.isOpen());
                }
            });
        }
        return log;
    }

    @Test
    void aSilentBrokerGetsAHeartbeatEverySecondAndIsGivenUpAfterFour() throws Exception {
        assertEquals(List.of("1000 heartbeat", "2000 heartbeat", "3000 heartbeat", "4000 heartbeat",
                "5000 CONNECTION_CLOSE 501"), observe(List.of(), c -> { }));
    }

    @Test
    void aHeartbeatFromTheBrokerMovesTheDeadline() throws Exception {
        assertEquals(List.of("1000 heartbeat", "2000 heartbeat", "3000 heartbeat", "4000 heartbeat", "5000 heartbeat",
                "6000 heartbeat", "7000 heartbeat", "8000 CONNECTION_CLOSE 501"), observe(List.of(Duration.ofMillis(3000)), c -> { }));
    }

    @Test
    void everyHeartbeatFromTheBrokerMovesTheDeadline() throws Exception {
        assertEquals(List.of("1000 heartbeat", "2000 heartbeat", "3000 heartbeat", "4000 heartbeat", "5000 heartbeat",
                "6000 heartbeat", "7000 heartbeat", "8000 heartbeat", "9000 heartbeat", "10000 heartbeat",
                "11000 CONNECTION_CLOSE 501"), observe(List.of(Duration.ofMillis(3000), Duration.ofMillis(6000)), c -> { }));
    }

    @Test
    void aClientThatWroteLatelySendsNoHeartbeat() throws Exception {
        assertEquals(List.of("0 CHANNEL_OPEN", "1000 heartbeat", "1500 BASIC_PUBLISH", "3000 heartbeat", "4000 heartbeat",
                "5000 CONNECTION_CLOSE 501"), observe(List.of(), c -> {
                    AmqpChannel ch = c.openChannel();
                    Coro.sleep(Duration.ofMillis(1500));
                    ch.publishAsync("", "q", false, Properties.EMPTY, new byte[1]);
                }));
    }
}
