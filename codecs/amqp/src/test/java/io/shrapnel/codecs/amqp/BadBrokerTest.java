package io.shrapnel.codecs.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.codecs.amqp.internal.FrameWriter;
import io.shrapnel.codecs.amqp.internal.Method;
import io.shrapnel.codecs.amqp.internal.MethodSpec;
import io.shrapnel.codecs.amqp.internal.Nesting;
import io.shrapnel.codecs.amqp.internal.WireWriter;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.OneShot;
import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.mailbox.Actors;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A fake broker misbehaves after the handshake: the client must close the connection with a clear
 * error (sending connection.close with the right reply code), end its coros (TestLoop checks that
 * none is left) and release the socket.
 */
class BadBrokerTest {
    interface Script {
        void run(FakeBroker broker) throws Exception;
    }

    /** Runs {@code script} as the broker; returns why the client's connection closed. */
    private static AmqpException misbehave(Script script, boolean openChannel) throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            return loop.call(() -> {
                try (FakeBroker broker = FakeBroker.listen()) {
                    OneShot<Throwable> brokerDone = new OneShot<>();
                    Coro.spawn("fake-broker", () -> {
                        try {
                            broker.handshake(0, 4096);
                            if (openChannel) {
                                broker.openChannel();
                            }
                            script.run(broker);
                            brokerDone.signal(null);
                        } catch (Throwable t) {
                            brokerDone.signal(t);
                        }
                    });
                    AmqpConnection c = AmqpConnection.open(broker.config().build());
                    if (openChannel) {
                        AmqpChannel ch = c.openChannel();
                        try {
                            ch.consume("q", Actors.self(), true, false);
                        } catch (AmqpException failedWhileWaiting) {
                            assertFalse(c.isOpen());
                        }
                    }
                    while (c.isOpen()) {
                        Coro.sleep(Duration.ofMillis(5));
                    }
                    c.close(); // returns once reader, writer and heartbeat coros are gone
                    Throwable t = brokerDone.await();
                    if (t != null) {
                        throw new AssertionError("fake broker failed", t);
                    }
                    return c.closeReason();
                }
            });
        }
    }

    /** The broker's part after it sent bad bytes: the client tells it why, then closes. */
    private static void expectClose(FakeBroker b, int code) throws Exception {
        Method close = b.expect(MethodSpec.CONNECTION_CLOSE);
        assertEquals(code, close.integer(0));
        assertTrue(b.clientClosed());
    }

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    @Test
    void aWrongFrameEndClosesTheConnection() throws Exception {
        AmqpException e = misbehave(b -> {
            assertEquals("PLAIN", b.startOk.str(1));
            assertEquals("\0guest\0guest", new String(b.startOk.bytes(2), java.nio.charset.StandardCharsets.UTF_8));
            @SuppressWarnings("unchecked")
            Map<String, Object> capabilities = (Map<String, Object>) b.startOk.table(0).get("capabilities");
            assertEquals(true, capabilities.get("consumer_cancel_notify"));
            assertEquals(true, capabilities.get("publisher_confirms"));
            assertEquals("shrapnel", b.startOk.table(0).get("connection_name"));
            b.sendRaw(hex("08 0000 00000000 00"));
            expectClose(b, 501);
        }, false);
        AmqpProtocolException cause = assertInstanceOf(AmqpProtocolException.class, e.getCause());
        assertEquals("frame on channel 0 ends in 0x0, not 0xce", cause.getMessage());
        assertTrue(e.getMessage().contains("protocol error"), e.getMessage());
    }

    @Test
    void aFramePastFrameMaxClosesTheConnection() throws Exception {
        AmqpException e = misbehave(b -> {
            b.sendRaw(hex("03 0001 7fffffff"));
            expectClose(b, 501);
        }, false);
        assertTrue(e.getCause().getMessage().contains("larger than the frame max of 4096"), e.getMessage());
    }

    @Test
    void anUnknownMethodClosesTheConnectionWith540() throws Exception {
        AmqpException e = misbehave(b -> {
            b.sendRaw(hex("01 0000 00000004 000a00ff ce"));
            expectClose(b, 540);
        }, false);
        assertEquals("unknown method 10.255", e.getCause().getMessage());
    }

    @Test
    void aTableNestedTooDeepClosesTheConnectionWith502() throws Exception {
        AmqpException e = misbehave(b -> {
            b.sendRaw(frame(0, methodWithTable(Nesting.tables(40))));
            expectClose(b, 502);
        }, false);
        assertTrue(e.getCause().getMessage().contains("nested deeper than 32"), e.getMessage());
    }

    /** A connection.start (the only server method on channel 0 with a table) carrying {@code table}. */
    private static byte[] methodWithTable(byte[] table) {
        WireWriter w = new WireWriter(1);
        w.shortInt(10).shortInt(10).octet(0).octet(9).bytes(table).longStr(new byte[0]).longStr(new byte[0]);
        return w.toByteArray();
    }

    private static byte[] frame(int channel, byte[] payload) {
        WireWriter w = new WireWriter(1);
        w.octet(1).shortInt(channel).longInt(payload.length).bytes(payload).octet(0xCE);
        return w.toByteArray();
    }

    @Test
    void aMethodOutOfPlaceIsCommandInvalid() throws Exception {
        AmqpException e = misbehave(b -> {
            b.send(0, Method.of(MethodSpec.CONNECTION_START, 0, 9, Map.of(), new byte[0], new byte[0]));
            expectClose(b, 503);
        }, false);
        assertEquals("unexpected method CONNECTION_START on channel 0", e.getCause().getMessage());
    }

    @Test
    void aFrameForAChannelNeverOpenedIsAChannelError() throws Exception {
        AmqpException e = misbehave(b -> {
            b.send(9, Method.of(MethodSpec.BASIC_QOS_OK));
            expectClose(b, 504);
        }, false);
        assertEquals("frame for channel 9, which is not open", e.getCause().getMessage());
    }

    @Test
    void contentFramesOutOfOrderAreUnexpected() throws Exception {
        AmqpException e = misbehave(b -> {
            b.expect(MethodSpec.BASIC_CONSUME);
            b.send(1, Method.of(MethodSpec.BASIC_CONSUME_OK, "t"));
            b.sendRaw(hex("03 0001 00000001 00 ce"));
            expectClose(b, 505);
        }, true);
        assertEquals("channel 1: a body frame where a method should come", e.getCause().getMessage());
    }

    @Test
    void aMessageLargerThanTheLimitIsRefusedBeforeItIsBuffered() throws Exception {
        AmqpException e = misbehave(b -> {
            b.expect(MethodSpec.BASIC_CONSUME);
            b.send(1, Method.of(MethodSpec.BASIC_CONSUME_OK, "t"));
            b.send(1, Method.of(MethodSpec.BASIC_DELIVER, "t", 1L, false, "", "q"));
            WireWriter h = new WireWriter(1);
            h.shortInt(60).shortInt(0).longLong(Long.MAX_VALUE).shortInt(0);
            byte[] p = h.toByteArray();
            WireWriter f = new WireWriter(1);
            f.octet(2).shortInt(1).longInt(p.length).bytes(p).octet(0xCE);
            b.sendRaw(f.toByteArray());
            expectClose(b, 501);
        }, true);
        assertTrue(e.getCause().getMessage().startsWith("message of 9223372036854775807 bytes on channel 1"),
                e.getCause().getMessage());
    }

    @Test
    void aHeartbeatOnAChannelIsAFrameError() throws Exception {
        AmqpException e = misbehave(b -> {
            b.sendRaw(hex("08 0001 00000000 ce"));
            expectClose(b, 501);
        }, false);
        assertEquals("heartbeat frame on channel 1", e.getCause().getMessage());
    }

    @Test
    void aContentHeaderOnChannelZeroIsAnUnexpectedFrame() throws Exception {
        AmqpException e = misbehave(b -> {
            b.sendRaw(hex("02 0000 0000000e 003c 0000 0000000000000000 0000 ce"));
            expectClose(b, 505);
        }, false);
        assertEquals("content frame of type 2 on channel 0", e.getCause().getMessage());
    }

    /** After the client's consume-ok, the broker sends {@code bytes} on channel 1 and expects a close with {@code code}. */
    private static AmqpException afterConsume(byte[] bytes, int code) throws Exception {
        return misbehave(b -> {
            b.expect(MethodSpec.BASIC_CONSUME);
            b.send(1, Method.of(MethodSpec.BASIC_CONSUME_OK, "t"));
            b.sendRaw(bytes);
            expectClose(b, code);
        }, true);
    }

    @Test
    void aReplyNobodyAskedForIsCommandInvalid() throws Exception {
        AmqpException e = afterConsume(FrameWriter.method(1, Method.of(MethodSpec.QUEUE_DECLARE_OK, "q", 0L, 0L)), 503);
        assertEquals("unexpected method QUEUE_DECLARE_OK on channel 1", e.getCause().getMessage());
    }

    @Test
    void aGetOkNobodyAskedForIsCommandInvalid() throws Exception {
        AmqpException e = afterConsume(FrameWriter.content(1, Method.of(MethodSpec.BASIC_GET_OK, 1L, false, "", "q", 0L),
                Properties.EMPTY, new byte[] {1}, 4096), 503);
        assertEquals("basic.get-ok on channel 1 that asked for nothing", e.getCause().getMessage());
    }

    @Test
    void aPublishFromTheBrokerIsCommandInvalid() throws Exception {
        AmqpException e = afterConsume(FrameWriter.content(1, Method.of(MethodSpec.BASIC_PUBLISH, 0, "", "q", false, false),
                Properties.EMPTY, new byte[] {1}, 4096), 503);
        assertEquals("unexpected content method BASIC_PUBLISH on channel 1", e.getCause().getMessage());
    }

    @Test
    void aSilentBrokerMissesHeartbeats() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            AmqpException e = loop.call(() -> {
                try (FakeBroker broker = FakeBroker.listen()) {
                    Coro.spawn("silent-broker", () -> {
                        broker.handshake(2, 4096); // 2 s: the message's "2 x heartbeat" differs from "heartbeat / 2"
                        Method first = broker.next(); // the client's heartbeats are not methods; its close is
                        assertEquals(MethodSpec.CONNECTION_CLOSE, first.spec());
                        assertEquals(501, first.integer(0));
                    });
                    AmqpConnection c = AmqpConnection.open(broker.config().build());
                    assertEquals(Duration.ofSeconds(2), c.heartbeat());
                    while (c.isOpen()) {
                        Coro.sleep(Duration.ofMillis(50));
                    }
                    c.close();
                    return c.closeReason();
                }
            });
            assertEquals("missed heartbeats: nothing from the broker for 4 s", e.getMessage());
        }
    }

    @Test
    void withHeartbeatsOffAQuietConnectionStaysOpen() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (FakeBroker broker = FakeBroker.listen()) {
                    Coro quiet = Coro.spawn("quiet-broker", () -> {
                        broker.handshake(0, 4096);
                        broker.expect(MethodSpec.CONNECTION_CLOSE);
                        broker.send(0, Method.of(MethodSpec.CONNECTION_CLOSE_OK));
                    });
                    AmqpConnection c = AmqpConnection.open(broker.config().heartbeat(Duration.ZERO).build());
                    assertEquals(Duration.ZERO, c.heartbeat());
                    Coro.sleep(Duration.ofMillis(100)); // no heartbeat coro: nothing counts the silence
                    assertTrue(c.isOpen(), () -> "closed: " + c.closeReason());
                    c.close();
                    quiet.join();
                    assertEquals(200, c.closeReason().replyCode());
                }
            });
        }
    }

    @Test
    void aBrokerThatHangsUpMidFrameIsALostConnection() throws Exception {
        AmqpException e = misbehave(b -> {
            b.sendRaw(hex("01 0000 00000010 000a"));
            b.peer.close();
        }, false);
        assertEquals(0, e.replyCode());
        assertTrue(e.getMessage().contains("lost"), e.getMessage());
    }

    @Test
    void aBrokerThatRefusesTheMechanismIsAClearError() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            AmqpException e = assertThrows(AmqpException.class, () -> loop.run(() -> {
                try (FakeBroker broker = FakeBroker.listen()) {
                    Coro fake = Coro.spawn("external-only", () -> {
                        try {
                            broker.handshake(0, 4096);
                        } catch (Throwable expected) {
                            // the client gives up after start
                        }
                    });
                    try {
                        AmqpConnection.open(broker.config().external().build());
                    } finally {
                        fake.join();
                    }
                }
            }));
            assertEquals("the broker offers SASL mechanisms [PLAIN AMQPLAIN], not EXTERNAL", e.getMessage());
            assertFalse(e.isConnectionLevel() && e.replyCode() != 0);
        }
    }

    @Test
    void theBrokersCloseDuringTheHandshakeIsReported() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            AmqpException e = assertThrows(AmqpException.class, () -> loop.run(() -> {
                try (FakeBroker broker = FakeBroker.listen()) {
                    OneShot<Throwable> fakeDone = new OneShot<>();
                    Coro.spawn("refusing", () -> {
                        try {
                            broker.handshakeStartOnly();
                            broker.send(0, Method.of(MethodSpec.CONNECTION_CLOSE, 530, "NOT_ALLOWED - vhost", 10, 40));
                            broker.expect(MethodSpec.CONNECTION_CLOSE_OK);
                            fakeDone.signal(null);
                        } catch (Throwable t) {
                            fakeDone.signal(t);
                        }
                    });
                    try {
                        AmqpConnection.open(broker.config().build());
                    } finally {
                        Throwable t = fakeDone.await();
                        if (t != null) {
                            throw new AssertionError("the client did not answer the close with close-ok", t);
                        }
                    }
                }
            }));
            assertEquals(530, e.replyCode());
            assertEquals("NOT_ALLOWED - vhost", e.replyText());
            assertEquals(10, e.classId());
            assertEquals(40, e.methodId());
            assertTrue(e.isConnectionLevel());
        }
    }
}
