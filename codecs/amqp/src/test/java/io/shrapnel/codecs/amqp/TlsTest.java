package io.shrapnel.codecs.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.net.TlsConfig;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** AMQPS against the broker's TLS listener: PLAIN inside TLS, and SASL EXTERNAL by client certificate. */
@ExtendWith(Broker.class)
class TlsTest {
    /** The JVM's first handshake, untimed, before the broker's 5 s TLS handshake timeout can meet it. */
    @BeforeAll
    static void warmUpTls() throws Exception {
        TlsWarmup.once();
    }

    private static void roundTrip(AmqpConnection c) throws Exception {
        AmqpChannel ch = c.openChannel();
        String q = ch.queueDeclare(QueueSpec.serverNamed()).name();
        ch.confirmSelect();
        ch.publish("", q, Properties.EMPTY, "over tls".getBytes(StandardCharsets.UTF_8));
        assertEquals("over tls", ch.basicGet(q, true).text());
    }

    @Test
    void plainOverTls() throws Exception {
        TlsConfig tls = TlsConfig.client().trustPem(Broker.file("ca.crt")).build();
        Live.with(Broker.config().port(Broker.tlsPort()).tls(tls, "localhost").build(), TlsTest::roundTrip);
    }

    @Test
    void externalAuthenticatesByTheClientCertificate() throws Exception {
        TlsConfig tls = TlsConfig.client().trustPem(Broker.file("ca.crt"))
                .keyPem(Broker.file("client.crt"), Broker.file("client.key")).build();
        String name = Live.name("external");
        Live.with(AmqpConfig.builder().port(Broker.tlsPort()).tls(tls, "127.0.0.1").external().connectionName(name)
                .build(), c -> {
            roundTrip(c);
            String listed = Live.ctl("-q", "list_connections", "user", "auth_mechanism", "ssl", "client_properties");
            String mine = listed.lines().filter(l -> l.contains(name)).findFirst().orElseThrow();
            assertTrue(mine.startsWith("test-external\tEXTERNAL\ttrue"), mine);
        });
    }

    @Test
    void externalWithoutACertificateIsRefused() throws Exception {
        TlsConfig tls = TlsConfig.client().trustPem(Broker.file("ca.crt")).build();
        try (TestLoop loop = TestLoop.create()) {
            AmqpException e = assertThrows(AmqpException.class, () -> loop.run(() ->
                    AmqpConnection.open(AmqpConfig.builder().port(Broker.tlsPort()).tls(tls, "localhost").external().build())));
            assertEquals(403, e.replyCode());
            assertTrue(e.replyText().startsWith("ACCESS_REFUSED"), e.replyText());
        }
    }

    @Test
    void aCertificateForAnotherNameIsRefused() throws Exception {
        TlsConfig tls = TlsConfig.client().trustPem(Broker.file("ca.crt")).build();
        try (TestLoop loop = TestLoop.create()) {
            assertThrows(javax.net.ssl.SSLException.class, () -> loop.run(() ->
                    AmqpConnection.open(Broker.config().port(Broker.tlsPort()).tls(tls, "example.org").build())));
        }
    }
}
