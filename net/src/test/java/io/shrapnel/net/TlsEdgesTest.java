package io.shrapnel.net;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS configured the other ways: key and trust stores, an SSLContext, a pinned protocol version,
 * optional client certificates; and configurations used on the wrong side. Both ends are ours, on
 * 127.0.0.1, with certificates made by the real openssl (TestCerts).
 */
@ExtendWith(CoroTestExtension.class)
class TlsEdgesTest {
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;
    static TestCerts certs;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCerts.make(dir);
        for (String name : List.of("server", "client")) {
            TestCerts.openssl("pkcs12", "-export", "-in", certs.crt(name).toString(), "-inkey",
                    certs.key(name).toString(), "-out", dir.resolve(name + ".p12").toString(),
                    "-passout", "pass:" + new String(PASSWORD));
        }
    }

    private static KeyStore keys(String name) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(name + ".p12"))) {
            ks.load(in, PASSWORD);
        }
        return ks;
    }

    private static KeyStore trusting(String ca) throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        try (InputStream in = Files.newInputStream(certs.crt(ca))) {
            ts.setCertificateEntry(ca, CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        return ts;
    }

    /** Our client and our server over one loopback connection; returns {client, server}, handshaken. */
    private static TlsSock[] connected(TlsConfig client, TlsConfig server, String serverName) throws Exception {
        try (TcpSock listener = Loopback.listener()) {
            TcpSock[] pair = Loopback.pair(listener);
            TlsSock s = TlsSock.server(pair[1], server);
            Coro serverSide = Coro.spawn("tls-server", s::handshake);
            TlsSock c = TlsSock.client(pair[0], client, serverName);
            c.handshake();
            serverSide.join();
            return new TlsSock[] {c, s};
        }
    }

    @FunctionalInterface
    private interface PairBody {
        void run(TlsSock client, TlsSock server) throws Exception;
    }

    /** Runs {@code body} on a new loop with our client and server handshaken as localhost; closes both. */
    private static void onAPair(PairBody body) throws Exception {
        TlsConfig server = TlsConfig.server(certs.crt("server"), certs.key("server")).build();
        TlsConfig client = TlsConfig.client().trustPem(certs.crt("ca")).build();
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                TlsSock[] tls = connected(client, server, "localhost");
                try (TlsSock c = tls[0]; TlsSock s = tls[1]) {
                    body.run(c, s);
                }
            });
        }
    }

    @Test
    void keyAndTrustStoresAndAPinnedVersionWork() throws Exception {
        TlsConfig server = TlsConfig.server().keyStore(keys("server"), PASSWORD).protocols("TLSv1.2")
                .applicationProtocols("x/1").build();
        TlsConfig client = TlsConfig.client().trustStore(trusting("ca")).applicationProtocols("x/1").build();
        assertEquals(List.of("x/1"), client.applicationProtocols());
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                TlsSock[] tls = connected(client, server, "127.0.0.1");
                try (TlsSock c = tls[0]; TlsSock s = tls[1]) {
                    assertEquals("TLSv1.2", c.protocol());
                    assertEquals("x/1", s.applicationProtocol());
                    assertTrue(c.toString().startsWith("TlsSock[TcpSock") && c.toString().endsWith(" TLSv1.2]"),
                            c.toString());
                    assertNull(s.serverName(), "no SNI is sent for an IP address");
                    assertEquals(List.of(), s.peerCertificates(), "the client sent no certificate");
                    assertEquals(1, c.peerCertificates().size());
                    assertEquals(c.sock().localAddress(), c.localAddress());
                    assertEquals(s.sock().localAddress(), c.peerAddress());
                    assertEquals(3, c.send(ByteBuffer.wrap("abc".getBytes(US_ASCII))));
                    assertEquals("abc", new String(s.recvExact(3), US_ASCII));
                }
            });
        }
    }

    @Test
    void aServerThatWantsAClientCertificateTakesOneAndGoesOnWithout() throws Exception {
        TlsConfig server = TlsConfig.server(certs.crt("server"), certs.key("server")).trustPem(certs.crt("clientca"))
                .clientAuth(TlsConfig.ClientAuth.WANT).build();
        SSLContext ctx = SSLContext.getInstance("TLS");
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusting("ca"));
        ctx.init(null, tmf.getTrustManagers(), null);
        TlsConfig anonymous = TlsConfig.client().context(ctx).build();
        TlsConfig withCertificate = TlsConfig.client().trustPem(certs.crt("ca")).keyStore(keys("client"), PASSWORD)
                .build();
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                TlsSock[] tls = connected(withCertificate, server, "localhost");
                try (TlsSock c = tls[0]; TlsSock s = tls[1]) {
                    assertEquals("CN=test client", s.peerCertificates().getFirst().getSubjectX500Principal().getName());
                    assertEquals("localhost", s.serverName());
                }
                tls = connected(anonymous, server, "localhost");
                try (TlsSock c = tls[0]; TlsSock s = tls[1]) {
                    assertEquals(List.of(), s.peerCertificates());
                }
            });
        }
    }

    @Test
    void configurationsOnTheWrongSideAreRefused() throws Exception {
        IllegalStateException keyless = assertThrows(IllegalStateException.class, () -> TlsConfig.server().build());
        assertTrue(keyless.getMessage().contains("needs a certificate and key"), keyless.getMessage());
        TlsConfig client = TlsConfig.client().build();
        TlsConfig server = TlsConfig.server(certs.crt("server"), certs.key("server")).build();
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock listener = Loopback.listener()) {
                    TcpSock[] pair = Loopback.pair(listener);
                    try (TcpSock c = pair[0]; TcpSock s = pair[1]) {
                        assertThrows(IllegalArgumentException.class, () -> TlsSock.client(c, server, "localhost"));
                        assertThrows(IllegalArgumentException.class, () -> TlsSock.server(s, client));
                        TlsSock unused = TlsSock.client(c, client, "localhost");
                        assertSame(c, unused.sock());
                        assertEquals("TlsSock[" + c + "]", unused.toString());
                    }
                }
            });
        }
    }

    @Test
    void readsAndShutdownsAtTheirEdges() throws Exception {
        onAPair((c, s) -> {
            assertThrows(IllegalArgumentException.class, () -> c.recv(-1));
            assertEquals(0, c.recv(0).length);
            assertEquals(0, c.recvInto(ByteBuffer.allocate(0)));
            c.sendAll(ByteBuffer.wrap("last".getBytes(US_ASCII)));
            c.shutdown(Direction.WRITE);
            io.shrapnel.kernel.ClosedError closed = assertThrows(io.shrapnel.kernel.ClosedError.class,
                    () -> c.sendAll(ByteBuffer.wrap("more".getBytes(US_ASCII))));
            assertTrue(closed.getMessage().contains("after shutdown(WRITE)"), closed.getMessage());
            assertEquals("last", new String(s.recvExact(4), US_ASCII));
            assertEquals(0, s.recv(10).length, "end of stream after close_notify");
            assertTrue(s.closedCleanly());
            s.sendAll(ByteBuffer.wrap("back".getBytes(US_ASCII)));
            assertEquals("back", new String(c.recvExact(4), US_ASCII), "the other direction still works");
            s.shutdown(Direction.READ);
            assertEquals(0, s.recv(10).length, "nothing more is read after shutdown(READ)");
        });
    }

    @Test
    void aHandshakeOutsideACoroSaysWhereToRunIt() throws Exception {
        TlsConfig client = TlsConfig.client().trustPem(certs.crt("ca")).build();
        try (TestLoop loop = TestLoop.create()) {
            TcpSock listener = loop.call(Loopback::listener);
            TcpSock[] pair = loop.call(() -> Loopback.pair(listener));
            TlsSock c = TlsSock.client(pair[0], client, "localhost");
            IllegalStateException e = assertThrows(IllegalStateException.class, c::handshake);
            assertTrue(e.getMessage().contains("must run inside a coro"), e.getMessage());
            loop.run(() -> {
                c.close();
                pair[1].close();
                listener.close();
            });
        }
    }

    @Test
    void theCloseNotifyIsCountedAsBytesOutOfTheSocket() throws Exception {
        TlsConfig server = TlsConfig.server(certs.crt("server"), certs.key("server")).build();
        TlsConfig client = TlsConfig.client().trustPem(certs.crt("ca")).build();
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                TlsSock[] tls = connected(client, server, "127.0.0.1");
                try (TlsSock c = tls[0]; TlsSock s = tls[1]) {
                    c.sendAll("x".getBytes(US_ASCII));
                    assertEquals("x", new String(s.recvExact(1), US_ASCII));
                    SockStats before = TcpSock.stats();
                    c.close(); // close_notify, written without waiting
                    assertEquals(0, s.recv(10).length, "the server read the close_notify");
                    SockStats after = TcpSock.stats();
                    long out = after.bytesOut() - before.bytesOut();
                    assertTrue(out > 0, "close_notify not counted");
                    assertEquals(out, after.bytesIn() - before.bytesIn(), "the server read what the client wrote");
                }
            });
        }
    }
    /** Our client and server over one loopback connection whose handshake must fail; returns the client's error. */
    private static java.io.IOException handshakeFails(TlsConfig client, TlsConfig server, String serverName) throws Exception {
        try (TcpSock listener = Loopback.listener()) {
            TcpSock[] pair = Loopback.pair(listener);
            try (TlsSock s = TlsSock.server(pair[1], server);
                 TlsSock c = TlsSock.client(pair[0], client, serverName)) {
                Coro serverSide = Coro.spawn("tls-server", () -> {
                    try {
                        s.handshake();
                    } catch (java.io.IOException expected) {
                        s.close(); // the client then fails too, if it has not already
                    }
                });
                // in TLS 1.3 a client's handshake ends before the server has checked the client's
                // certificate: the refusal then comes as an alert at the client's first read
                java.io.IOException e = assertThrows(java.io.IOException.class, () -> {
                    c.handshake();
                    c.recv(1);
                });
                c.close();
                serverSide.join();
                return e;
            }
        }
    }

    @Test
    void onlyAeadSuitesAreOfferedUnlessTheJdkListIsAskedFor() throws Exception {
        assertEquals(List.of("TLS_AES_128_CCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256",
                        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
                        "TLS_EMPTY_RENEGOTIATION_INFO_SCSV"),
                TlsConfig.aead(new String[] {"TLS_AES_128_CCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
                        "TLS_CHACHA20_POLY1305_SHA256", "TLS_RSA_WITH_AES_256_CBC_SHA",
                        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
                        "TLS_EMPTY_RENEGOTIATION_INFO_SCSV"}));
        List<String> defaults = TlsConfig.client().build().cipherSuites();
        assertTrue(!defaults.isEmpty() && defaults.stream().noneMatch(x -> x.contains("_CBC_")), defaults.toString());
        assertTrue(TlsConfig.jdkDefaultCipherSuites().stream().anyMatch(x -> x.contains("_CBC_")));
        assertEquals(List.of("TLS_AES_256_GCM_SHA384"),
                TlsConfig.client().cipherSuites(List.of("TLS_AES_256_GCM_SHA384")).build().cipherSuites());
        assertThrows(IllegalArgumentException.class, () -> TlsConfig.client().cipherSuites(List.of()));
    }

    @Test
    void aServerRefusesWhatItsConfigurationLeavesOut() throws Exception {
        TlsConfig server = TlsConfig.server(certs.crt("server"), certs.key("server")).trustPem(certs.crt("clientca"))
                .build();
        TlsConfig needing = TlsConfig.server(certs.crt("server"), certs.key("server")).trustPem(certs.crt("clientca"))
                .clientAuth(TlsConfig.ClientAuth.NEED).build();
        TlsConfig cbcOnly = TlsConfig.client().trustPem(certs.crt("ca")).protocols("TLSv1.2")
                .cipherSuites(List.of("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256")).build();
        TlsConfig anonymous = TlsConfig.client().trustPem(certs.crt("ca")).build();
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                handshakeFails(cbcOnly, server, "localhost"); // the server's default suites are AEAD only
                handshakeFails(anonymous, needing, "localhost"); // no client certificate
            });
        }
    }

    @Test
    void aClientChecksTheServersNameUnlessToldNotTo() throws Exception {
        TlsConfig wrongName = TlsConfig.server(certs.crt("wrong"), certs.key("wrong")).build();
        TlsConfig checking = TlsConfig.client().trustPem(certs.crt("ca")).build();
        TlsConfig trusting = TlsConfig.client().trustPem(certs.crt("ca")).verifyHostname(false).build();
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                java.io.IOException e = handshakeFails(checking, wrongName, "localhost");
                assertTrue(String.valueOf(e.getMessage()).contains("localhost")
                        || String.valueOf(e.getCause()).contains("localhost"), e.toString());
                TlsSock[] tls = connected(trusting, wrongName, "localhost"); // the chain is still checked
                try (TlsSock c = tls[0]; TlsSock s = tls[1]) {
                    assertEquals(1, c.peerCertificates().size());
                }
                try (TcpSock listener = Loopback.listener(); TcpSock c = Loopback.connectTo(listener)) {
                    IllegalArgumentException noName = assertThrows(IllegalArgumentException.class,
                            () -> TlsSock.client(c, checking, null));
                    assertTrue(noName.getMessage().contains("verifyHostname(false)"), noName.getMessage());
                    TlsSock.client(c, trusting, null); // nothing to check the name against: allowed
                    listener.accept().close();
                }
            });
        }
    }

    @Test
    void countsOfReadsAndSendsAndAPeerThatLeavesWithoutCloseNotify() throws Exception {
        onAPair((c, s) -> {
            assertEquals(3, c.send(ByteBuffer.wrap("..abc".getBytes(US_ASCII)).position(2)),
                    "the count of what was sent, not where the buffer ends");
            ByteBuffer into = ByteBuffer.allocate(10).position(4);
            assertEquals(3, s.recvInto(into));
            assertEquals(7, into.position());
            c.sendAll("hello".getBytes(US_ASCII));
            assertEquals("hel", new String(s.recv(3), US_ASCII));
            assertEquals("lo", new String(s.recv(100), US_ASCII));
            c.sock().close(); // gone without a close_notify
            assertEquals(0, s.recv(10).length);
            assertFalse(s.closedCleanly(), "a truncation is not a clean close");
        });
    }
}
