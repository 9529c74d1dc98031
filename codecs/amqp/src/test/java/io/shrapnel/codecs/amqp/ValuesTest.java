package io.shrapnel.codecs.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The API's value types: builders, defaults, limits and the messages of the exceptions. No broker. */
class ValuesTest {
    @Test
    void theConfigHasItsDocumentedDefaults() {
        assertEquals(new AmqpConfig("127.0.0.1", 5672, "/", "guest", "guest", Duration.ofSeconds(60), 131_072, 2047,
                Duration.ofSeconds(10), Duration.ofSeconds(5), 128L << 20, null, null, false, "shrapnel", null),
                AmqpConfig.builder().build());
    }

    @Test
    void theConfigBuilderSetsEveryField() {
        AmqpConfig c = AmqpConfig.builder().host("broker").port(5671).virtualHost("/v").credentials("u", "p")
                .heartbeat(Duration.ofSeconds(3)).frameMax(4096).channelMax(7).connectTimeout(Duration.ofSeconds(1))
                .closeTimeout(Duration.ofSeconds(2)).maxMessageSize(9).tls(null, "sni").external().connectionName("me")
                .recovery(Duration.ofMillis(1), Duration.ofMillis(2), 3).build();
        assertEquals(new AmqpConfig("broker", 5671, "/v", "u", "p", Duration.ofSeconds(3), 4096, 7, Duration.ofSeconds(1),
                Duration.ofSeconds(2), 9, null, "sni", true, "me",
                new AmqpConfig.Recovery(Duration.ofMillis(1), Duration.ofMillis(2), 3)), c);
    }

    @Test
    void theConfigRefusesAFrameMaxBelowAmqpsMinimumAndNulls() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AmqpConfig.builder().frameMax(4095));
        assertEquals("AMQP's smallest frame max is 4096, not 4095", e.getMessage());
        AmqpConfig.Builder b = AmqpConfig.builder();
        assertThrows(NullPointerException.class, () -> b.host(null));
        assertThrows(NullPointerException.class, () -> b.virtualHost(null));
        assertThrows(NullPointerException.class, () -> b.credentials(null, "p"));
        assertThrows(NullPointerException.class, () -> b.credentials("u", null));
        assertThrows(NullPointerException.class, () -> b.heartbeat(null));
        assertThrows(NullPointerException.class, () -> b.connectTimeout(null));
        assertThrows(NullPointerException.class, () -> b.closeTimeout(null));
    }

    @Test
    void propertiesBuildAndCopyEveryField() {
        Properties p = Properties.builder().contentType("text/plain").contentEncoding("gzip").headers(Map.of("k", 1))
                .persistent().priority(4).correlationId("c").replyTo("r").expiration("100").messageId("m")
                .timestamp(Instant.ofEpochSecond(5)).type("t").userId("u").appId("a").clusterId("cl").build();
        assertEquals(new Properties("text/plain", "gzip", Map.of("k", 1), 2, 4, "c", "r", "100", "m",
                Instant.ofEpochSecond(5), "t", "u", "a", "cl"), p);
        assertEquals(p, p.toBuilder().build());
        assertEquals(1, p.toBuilder().deliveryMode(1).build().deliveryMode());
        assertEquals(new Properties(null, null, null, null, null, null, null, null, null, null, null, null, null, null),
                Properties.EMPTY);
    }

    @Test
    void queueAndExchangeSpecsCarryTheirFlags() {
        assertEquals(new QueueSpec("q", false, false, false, Map.of()), QueueSpec.named("q"));
        assertEquals(new QueueSpec("", false, true, true, Map.of()), QueueSpec.serverNamed());
        assertEquals(new QueueSpec("q", true, true, true, Map.of("x-max-length", 5, "x-a", "b")),
                QueueSpec.named("q").withDurable().withExclusive().withAutoDelete().withArg("x-max-length", 5).withArg("x-a", "b"));
        assertEquals(new ExchangeSpec("x", "topic", false, false, false, Map.of()), ExchangeSpec.of("x", "topic"));
        assertEquals(new ExchangeSpec("x", "fanout", true, true, true, Map.of("alternate-exchange", "ae", "k", 2)),
                ExchangeSpec.of("x", "fanout").withDurable().withAutoDelete().withInternal().withArg("alternate-exchange", "ae")
                        .withArg("k", 2));
    }

    @Test
    void unsignedFieldValuesStayInTheirRanges() {
        assertEquals(0, new FieldValue.UnsignedByte(0).value());
        assertEquals(255, new FieldValue.UnsignedByte(255).value());
        assertEquals("an unsigned byte is 0-255, not 256",
                assertThrows(IllegalArgumentException.class, () -> new FieldValue.UnsignedByte(256)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FieldValue.UnsignedByte(-1));
        assertEquals(0, new FieldValue.UnsignedShort(0).value());
        assertEquals(65535, new FieldValue.UnsignedShort(65535).value());
        assertEquals("an unsigned short is 0-65535, not 65536",
                assertThrows(IllegalArgumentException.class, () -> new FieldValue.UnsignedShort(65536)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FieldValue.UnsignedShort(-1));
        assertEquals(0, new FieldValue.UnsignedInt(0).value());
        assertEquals(0xFFFF_FFFFL, new FieldValue.UnsignedInt(0xFFFF_FFFFL).value());
        assertEquals("an unsigned int is 0-4294967295, not 4294967296",
                assertThrows(IllegalArgumentException.class, () -> new FieldValue.UnsignedInt(1L << 32)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FieldValue.UnsignedInt(-1));
    }

    @Test
    void exceptionsSayWhatClosedAndWhy() {
        AmqpException channel = new AmqpException(false, 404, "NOT_FOUND - no queue 'q'", 50, 10);
        assertEquals("channel closed: 404 NOT_FOUND - no queue 'q' (in method 50.10)", channel.getMessage());
        assertEquals(404, channel.replyCode());
        assertEquals("NOT_FOUND - no queue 'q'", channel.replyText());
        assertEquals(50, channel.classId());
        assertEquals(10, channel.methodId());
        assertFalse(channel.isConnectionLevel());
        AmqpException connection = new AmqpException(true, 320, "CONNECTION_FORCED", 0, 0);
        assertEquals("connection closed: 320 CONNECTION_FORCED", connection.getMessage());
        assertTrue(connection.isConnectionLevel());
        IOException cause = new IOException("reset");
        AmqpException lost = new AmqpException("lost", cause);
        assertEquals("lost", lost.getMessage());
        assertEquals("lost", lost.replyText());
        assertSame(cause, lost.getCause());
        assertEquals(0, lost.replyCode());
        assertEquals(0, lost.classId());
        assertEquals(0, lost.methodId());
        assertTrue(lost.isConnectionLevel());
        assertEquals(505, new AmqpProtocolException(505, "x").replyCode());
        PublishFailedException nacked = new PublishFailedException(3, "nacked by the broker", null);
        assertEquals("publish #3 nacked by the broker", nacked.getMessage());
        assertEquals(3, nacked.sequence());
        assertNull(nacked.getCause());
        assertEquals("no reply", new RpcTimeoutException("no reply").getMessage());
    }

    @Test
    void aMessagesTextIsItsBodyAsUtf8() {
        Delivery.Message m = new Delivery.Message(null, "t", 1, false, "", "q", Properties.EMPTY,
                "grüße".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("grüße", m.text());
    }
}
