package io.shrapnel.net;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.TimeoutError;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.security.cert.CertificateExpiredException;
import java.time.Duration;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Our TLS client against the real {@code openssl s_server} on loopback. */
@ExtendWith(CoroTestExtension.class)
class TlsClientTest {
    @TempDir
    static Path dir;
    static TestCerts certs;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCerts.make(dir);
    }

    private static TlsConfig.Builder trustingTestCa() {
        return TlsConfig.client().trustPem(certs.crt("ca"));
    }

    /** What one GET through our client brought back, and what was negotiated. */
    private record Fetch(String page, String protocol, String alpn, boolean clean) {}

    private static Fetch get(PeerProcess server, String serverName, TlsConfig config) throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            return loop.call(() -> {
                try (TlsSock tls = TlsSock.connect("127.0.0.1", server.acceptPort(), serverName, config)) {
                    tls.sendAll("GET / HTTP/1.0\r\n\r\n".getBytes(US_ASCII));
                    ByteArrayOutputStream page = new ByteArrayOutputStream();
                    byte[] b;
                    while ((b = tls.recv(16384)).length > 0) {
                        page.write(b);
                    }
                    return new Fetch(page.toString(US_ASCII), tls.protocol(), tls.applicationProtocol(),
                            tls.closedCleanly());
                }
            });
        }
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void getsAPageFromOpensslOverTls13AndSeesItsCloseNotify() throws Exception {
        try (PeerProcess s = PeerProcess.sServer(certs, "server", "-www")) {
            Fetch f = get(s, "localhost", trustingTestCa().build());
            assertTrue(f.page().startsWith("HTTP/1.0 200 ok"), f.page());
            assertTrue(f.page().contains("s_server"), f.page());
            assertEquals("TLSv1.3", f.protocol());
            assertNull(f.alpn());
            assertTrue(f.clean(), "s_server -www ends with close_notify");
        }
    }

    @Test
    void talksTls12WhenTheServerOffersOnlyThat() throws Exception {
        try (PeerProcess s = PeerProcess.sServer(certs, "server", "-www", "-tls1_2")) {
            Fetch f = get(s, "127.0.0.1", trustingTestCa().build());
            assertEquals("TLSv1.2", f.protocol());
            assertTrue(f.page().contains("TLSv1.2"), f.page());
        }
    }

    @Test
    void refusesACertificateForAnotherHost() throws Exception {
        try (PeerProcess s = PeerProcess.sServer(certs, "wrong", "-www")) {
            SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
                    () -> get(s, "localhost", trustingTestCa().build()));
            assertTrue(e.getMessage().contains("localhost"), e.getMessage());
        }
    }

    @Test
    void acceptsAnotherHostsCertificateOnlyWithHostnameVerificationOff() throws Exception {
        try (PeerProcess s = PeerProcess.sServer(certs, "wrong", "-www")) {
            Fetch f = get(s, "localhost", trustingTestCa().verifyHostname(false).build());
            assertTrue(f.page().startsWith("HTTP/1.0 200 ok"), f.page());
        }
    }

    @Test
    void refusesAnExpiredCertificate() throws Exception {
        try (PeerProcess s = PeerProcess.sServer(certs, "expired", "-www")) {
            SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
                    () -> get(s, "localhost", trustingTestCa().build()));
            assertTrue(causedBy(e, CertificateExpiredException.class), () -> e.toString());
        }
    }

    @Test
    void refusesACertificateFromACaItDoesNotTrust() throws Exception {
        try (PeerProcess s = PeerProcess.sServer(certs, "server", "-www")) {
            assertThrows(SSLHandshakeException.class, () -> get(s, "localhost", TlsConfig.client().build()));
        }
    }

    @Test
    void negotiatesAnApplicationProtocolWithAlpn() throws Exception {
        try (PeerProcess s = PeerProcess.sServer(certs, "server", "-www", "-alpn", "h2,http/1.1")) {
            Fetch f = get(s, "localhost", trustingTestCa().applicationProtocols("http/1.1").build());
            assertEquals("http/1.1", f.alpn());
        }
    }

    @Test
    void sendsTheServerNameSoTheServerPicksTheRightCertificate() throws Exception {
        // Without SNI s_server presents the wrong-host certificate; with "localhost" the right one.
        try (PeerProcess s = PeerProcess.sServer(certs, "wrong", "-www", "-servername", "localhost",
                "-cert2", certs.crt("server").toString(), "-key2", certs.key("server").toString())) {
            Fetch f = get(s, "localhost", trustingTestCa().build());
            assertTrue(f.page().startsWith("HTTP/1.0 200 ok"), f.page());
        }
    }

    @Test
    void presentsAClientCertificateWhenTheServerRequiresOne() throws Exception {
        try (PeerProcess s = PeerProcess.sServer(certs, "server", "-www", "-Verify", "1",
                "-CAfile", certs.crt("clientca").toString())) {
            Fetch f = get(s, "localhost", trustingTestCa().keyPem(certs.crt("client"), certs.key("client")).build());
            assertTrue(f.page().contains("test client"), f.page());
            // without one, the server refuses (in TLS 1.3 after our side of the handshake is done)
            assertThrows(SSLException.class, () -> get(s, "localhost", trustingTestCa().build()));
        }
    }

    /** The first line of s_server's -www page that tells a new handshake from a resumed one. */
    private static String sessionLine(TlsConfig config, int port, int sessionPort) throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            return loop.call(() -> {
                TcpSock tcp = TcpSock.create();
                tcp.connect("127.0.0.1", port);
                try (TlsSock tls = sessionPort == 0 ? TlsSock.client(tcp, config, "localhost")
                        : TlsSock.client(tcp, config, "localhost", sessionPort)) {
                    tls.sendAll("GET / HTTP/1.0\r\n\r\n".getBytes(US_ASCII));
                    ByteArrayOutputStream page = new ByteArrayOutputStream();
                    byte[] b;
                    while ((b = tls.recv(16384)).length > 0) {
                        page.write(b);
                    }
                    return page.toString(US_ASCII).lines()
                            .filter(l -> l.startsWith("New, ") || l.startsWith("Reused, "))
                            .findFirst().orElseThrow(() -> new AssertionError("no session line in " + page));
                }
            });
        }
    }

    @Test
    void aSessionPinnedToAnotherPortIsStoredAndResumedUnderThatPort() throws Exception {
        for (String version : new String[] {"-tls1_3", "-tls1_2"}) {
            try (PeerProcess s = PeerProcess.sServer(certs, "server", "-www", version)) {
                TlsConfig config = trustingTestCa().build(); // one config: one client session cache
                int port = s.acceptPort();
                int control = port == 65535 ? 1 : port + 1; // a port nothing listens on: only a cache key
                assertTrue(sessionLine(config, port, control).startsWith("New, "), version);
                // the session was stored under the pinned port, not under the port connected to
                assertTrue(sessionLine(config, port, 0).startsWith("New, "), version);
                assertTrue(sessionLine(config, port, control).startsWith("Reused, "), version);
            }
        }
    }

    @Test
    void aSessionPortOutsideTheRangeIsRefused() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock listener = Loopback.listener(); TcpSock tcp = Loopback.connectTo(listener)) {
                    for (int bad : new int[] {-2, 65536}) {
                        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                                () -> TlsSock.client(tcp, trustingTestCa().build(), "localhost", bad));
                        assertTrue(e.getMessage().contains(Integer.toString(bad)), e.getMessage());
                    }
                    listener.accept().close();
                }
            });
        }
    }

    @Test
    void aServerThatAnswersWithGarbageFailsTheHandshakeAndClosesTheSocket() throws Exception {
        for (String reply : new String[] {"HTTP/1.1 400 Bad Request\r\n\r\n", "", "\u0016\u0003"}) {
            try (TestLoop loop = TestLoop.create()) {
                loop.run(() -> {
                    try (TcpSock listener = Loopback.listener()) {
                        Coro plain = Coro.spawn("plain-server", () -> {
                            try (TcpSock c = listener.accept()) {
                                c.recv(4096); // the ClientHello
                                c.sendAll(reply.getBytes(US_ASCII));
                            }
                        });
                        TcpSock tcp = Loopback.connectTo(listener);
                        TlsSock tls = TlsSock.client(tcp, trustingTestCa().build(), "localhost");
                        SSLException e = assertThrows(SSLException.class, tls::handshake);
                        assertTrue(tcp.isClosed(), "a failed handshake closes the socket");
                        SSLException again = assertThrows(SSLException.class, () -> tls.recv(10));
                        assertTrue(again.getCause() == e, "later calls fail with the first error");
                        plain.join();
                    }
                });
            }
        }
    }

    @Test
    void aHandshakeWithASilentServerTimesOutAndLeavesNothingBehind() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                try (TcpSock listener = Loopback.listener()) {
                    TcpSock tcp = Loopback.connectTo(listener);
                    TcpSock accepted = listener.accept(); // says nothing
                    TlsSock tls = TlsSock.client(tcp, trustingTestCa().build(), "localhost");
                    assertThrows(TimeoutError.class, () -> Coro.withTimeout(Duration.ofSeconds(10), tls::handshake));
                    assertTrue(Coro.eventMap().isEmpty(), "left behind: " + Coro.eventMap());
                    assertTrue(tcp.isClosed());
                    accepted.close();
                }
            });
        }
    }

    @Test
    void aClientConfigNeedsAServerNameToVerify() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock listener = Loopback.listener(); TcpSock tcp = Loopback.connectTo(listener)) {
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                            () -> TlsSock.client(tcp, trustingTestCa().build(), null));
                    assertTrue(e.getMessage().contains("verifyHostname(false)"), e.getMessage());
                    listener.accept().close();
                }
            });
        }
    }

}
