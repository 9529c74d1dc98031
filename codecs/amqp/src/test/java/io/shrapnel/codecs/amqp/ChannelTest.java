package io.shrapnel.codecs.amqp;

import static io.shrapnel.codecs.amqp.Live.name;
import static io.shrapnel.codecs.amqp.Live.next;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.mailbox.Actors;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(Broker.class)
class ChannelTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void negotiatesWithTheBroker() throws Exception {
        Live.with(Broker.config().heartbeat(Duration.ofSeconds(7)).frameMax(8192).build(), c -> {
            assertEquals(8192, c.frameMax());
            assertEquals(Duration.ofSeconds(7), c.heartbeat());
            assertEquals(2047, c.channelMax());
            assertEquals("RabbitMQ", c.serverProperties().get("product"));
            assertTrue(c.isOpen());
        });
    }

    @Test
    void wrongPasswordIsRefusedWith403() throws Exception {
        try (var loop = io.shrapnel.kernel.testing.TestLoop.create()) {
            AmqpException e = assertThrows(AmqpException.class, () -> loop.run(() ->
                    AmqpConnection.open(Broker.config().credentials("test", "wrong").build())));
            assertEquals(403, e.replyCode());
            assertTrue(e.replyText().startsWith("ACCESS_REFUSED"), e.replyText());
        }
    }

    @Test
    void declaresPurgesAndDeletesQueues() throws Exception {
        Live.with(c -> {
            AmqpChannel ch = c.openChannel();
            String q = name("q");
            assertEquals(new QueueInfo(q, 0, 0), ch.queueDeclare(QueueSpec.named(q).withArg("x-max-length", 100)));
            ch.confirmSelect();
            for (int i = 0; i < 3; i++) {
                ch.publish("", q, Properties.EMPTY, utf8("m" + i));
            }
            assertEquals(new QueueInfo(q, 3, 0), ch.queueDeclarePassive(q));
            assertEquals(3, ch.queuePurge(q));
            ch.publish("", q, Properties.EMPTY, utf8("last"));
            assertEquals(1, ch.queueDelete(q, false, false));
            AmqpException e = assertThrows(AmqpException.class, () -> ch.queueDeclarePassive(q));
            assertEquals(404, e.replyCode());
            assertFalse(e.isConnectionLevel());
            assertEquals(50, e.classId());
            assertFalse(ch.isOpen());
            assertThrows(AmqpException.class, () -> ch.queuePurge(q));
            assertTrue(c.isOpen());
            AmqpChannel again = c.openChannel();
            QueueInfo named = again.queueDeclare(QueueSpec.serverNamed());
            assertTrue(named.name().startsWith("amq.gen-"), named.name());
            again.close();
            again.close();
        });
    }

    @Test
    void redeclaringWithOtherSettingsIs406() throws Exception {
        Live.with(c -> {
            AmqpChannel ch = c.openChannel();
            String q = name("q");
            ch.queueDeclare(QueueSpec.named(q).withAutoDelete());
            AmqpException e = assertThrows(AmqpException.class, () -> ch.queueDeclare(QueueSpec.named(q).withDurable()));
            assertEquals(406, e.replyCode());
            assertTrue(e.getMessage().contains("PRECONDITION_FAILED"), e.getMessage());
            AmqpChannel other = c.openChannel();
            other.queueDelete(q, false, false);
        });
    }

    @Test
    void exchangesRouteThroughBindings() throws Exception {
        Live.with(c -> {
            AmqpChannel ch = c.openChannel();
            String x = name("x");
            String y = name("y");
            ch.exchangeDeclare(ExchangeSpec.of(x, "topic").withAutoDelete());
            ch.exchangeDeclare(ExchangeSpec.of(y, "fanout").withAutoDelete());
            ch.exchangeDeclarePassive(x);
            ch.exchangeBind(y, x, "logs.#");
            String q = ch.queueDeclare(QueueSpec.serverNamed()).name();
            ch.queueBind(q, y, "", Map.of());
            ch.confirmSelect();
            ch.publish(x, "logs.error", Properties.EMPTY, utf8("routed"));
            ch.publish(x, "metrics", Properties.EMPTY, utf8("dropped"));
            Delivery.Message m = ch.basicGet(q, true);
            assertEquals("routed", m.text());
            assertEquals(x, m.exchange());
            assertEquals("logs.error", m.routingKey());
            assertNull(ch.basicGet(q, true));
            ch.queueUnbind(q, y, "");
            ch.exchangeDelete(y, false);
            ch.exchangeDelete(x, false);
            AmqpException e = assertThrows(AmqpException.class, () -> ch.exchangeDeclarePassive(x));
            assertEquals(404, e.replyCode());
        });
    }

    @Test
    void everyPropertyAndFieldTypeSurvivesTheBroker() throws Exception {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("inner", "yes");
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("bool", true);
        headers.put("i8", (byte) -5);
        headers.put("u8", new FieldValue.UnsignedByte(250));
        headers.put("i16", (short) -300);
        headers.put("u16", new FieldValue.UnsignedShort(65000));
        headers.put("i32", -70000);
        headers.put("u32", new FieldValue.UnsignedInt(4_000_000_000L));
        headers.put("i64", Long.MIN_VALUE);
        headers.put("f32", 1.5f);
        headers.put("f64", -2.25);
        headers.put("dec", new BigDecimal("123.45"));
        headers.put("str", "grüße");
        headers.put("bytes", new byte[] {0, 1, (byte) 0xFF});
        headers.put("array", List.of(1, "two", List.of(3L)));
        headers.put("time", Instant.ofEpochSecond(1_700_000_000L));
        headers.put("table", nested);
        headers.put("void", null);
        Properties p = Properties.builder().contentType("text/plain").contentEncoding("utf-8").headers(headers)
                .persistent().priority(3).correlationId("corr").replyTo("reply").expiration("60000")
                .messageId("id-1").timestamp(Instant.ofEpochSecond(1_600_000_000L)).type("kind").userId("test")
                .appId("app").clusterId("cluster").build();
        Live.with(c -> {
            AmqpChannel ch = c.openChannel();
            String q = ch.queueDeclare(QueueSpec.serverNamed()).name();
            ch.confirmSelect();
            ch.publish("", q, p, utf8("props"));
            Delivery.Message m = ch.basicGet(q, false);
            Properties got = m.properties();
            assertEquals(p.toBuilder().headers(null).build(), got.toBuilder().headers(null).build());
            assertEquals(headers.keySet(), got.headers().keySet());
            for (var e : headers.entrySet()) {
                Object v = got.headers().get(e.getKey());
                if (e.getValue() instanceof byte[] b) {
                    assertArrayEquals(b, (byte[]) v);
                } else {
                    assertEquals(e.getValue(), v, e.getKey());
                }
            }
            assertFalse(m.redelivered());
            m.ack();
        });
    }

    @Test
    void bodiesAreSplitAtFrameMaxBothWays() throws Exception {
        byte[] body = new byte[100_000];
        new Random(7).nextBytes(body);
        Live.with(Broker.config().frameMax(4096).build(), c -> {
            AmqpChannel ch = c.openChannel();
            String q = ch.queueDeclare(QueueSpec.serverNamed()).name();
            ch.confirmSelect();
            ch.publish("", q, Properties.EMPTY, body);
            ch.publish("", q, Properties.EMPTY, new byte[0]);
            assertArrayEquals(body, ch.basicGet(q, true).body());
            assertArrayEquals(new byte[0], ch.basicGet(q, true).body());
        });
    }

    @Test
    void batchConfirmsSettleEveryPublish() throws Exception {
        Live.with(c -> {
            AmqpChannel ch = c.openChannel();
            String q = ch.queueDeclare(QueueSpec.serverNamed()).name();
            ch.confirmSelect();
            ch.confirmSelect();
            List<Confirmation> batch = new java.util.ArrayList<>();
            for (int i = 0; i < 500; i++) {
                batch.add(ch.publishAsync("", q, false, Properties.EMPTY, utf8("b" + i)));
            }
            assertEquals(1, batch.get(0).sequence());
            assertEquals(500, batch.get(499).sequence());
            ch.awaitConfirms();
            assertTrue(batch.stream().allMatch(Confirmation::isDone));
            assertEquals(0, ch.unconfirmedCount());
            assertEquals(500, ch.queueDeclarePassive(q).messageCount());
        });
    }

    @Test
    void unroutableMandatoryMessagesComeBack() throws Exception {
        Live.with(c -> {
            AmqpChannel ch = c.openChannel();
            ch.onReturn(Actors.self());
            ch.confirmSelect();
            Confirmation conf = ch.publishAsync("", name("nowhere"), true,
                    Properties.builder().messageId("lost").build(), utf8("back"));
            Returned r = next(Returned.class);
            assertEquals(312, r.replyCode());
            assertEquals("NO_ROUTE", r.replyText());
            assertEquals("lost", r.properties().messageId());
            assertEquals("back", new String(r.body(), StandardCharsets.UTF_8));
            conf.await();
        });
    }

    @Test
    void noConfirmationWithoutConfirmMode() throws Exception {
        Live.with(c -> {
            AmqpChannel ch = c.openChannel();
            String q = ch.queueDeclare(QueueSpec.serverNamed()).name();
            assertNull(ch.publishAsync("", q, false, Properties.EMPTY, utf8("x")));
            ch.publish("", q, Properties.EMPTY, utf8("y"));
            assertEquals("x", ch.basicGet(q, true).text());
            assertEquals("y", ch.basicGet(q, true).text());
        });
    }
}
