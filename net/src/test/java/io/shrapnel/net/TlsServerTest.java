package io.shrapnel.net;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Our TLS server against the real {@code openssl s_client} and {@code curl} on loopback. */
@ExtendWith(CoroTestExtension.class)
class TlsServerTest {
    @TempDir
    static Path dir;
    static TestCerts certs;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCerts.make(dir);
    }

    private static TlsConfig.Builder serverConfig() {
        return TlsConfig.server(certs.crt("server"), certs.key("server"));
    }

    private static PeerProcess sClient(int port, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-CAfile", certs.crt("ca").toString(), "-verify_return_error", "-servername", "localhost"));
        cmd.addAll(Arrays.asList(extra));
        return PeerProcess.start(cmd);
    }

    /** Reads one line (up to and including \n) from {@code c}. */
    private static String readLine(Conn c) throws Exception {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        byte[] one = new byte[1];
        while ((b = c.recvInto(one, 0, 1)) > 0) {
            line.write(one[0]);
            if (one[0] == '\n') {
                break;
            }
        }
        return b < 0 && line.size() == 0 ? null : line.toString(US_ASCII);
    }

    @Test
    void echoesALineForOpensslClientAndEndsWithCloseNotify() throws Exception {
        String[] seen = new String[2];
        PeerProcess client;
        try (TestLoop loop = TestLoop.create()) {
            client = loop.call(() -> {
                try (TcpSock listener = Loopback.listener()) {
                    PeerProcess p = sClient(Loopback.address(listener).getPort(), "-quiet", "-alpn", "echo/1");
                    p.stdin().write("hello over tls\n".getBytes(US_ASCII));
                    p.stdin().flush();
                    try (TlsSock tls = TlsSock.server(listener.accept(),
                            serverConfig().applicationProtocols("echo/1").build())) {
                        tls.sendAll(readLine(tls).getBytes(US_ASCII));
                        seen[0] = tls.serverName();
                        seen[1] = tls.applicationProtocol();
                    }
                    return p;
                }
            });
        }
        try (client) {
            client.closeStdin();
            assertEquals(0, client.awaitExit(), client.output());
            assertTrue(client.output().contains("hello over tls"), client.output());
            assertFalse(client.output().contains("unexpected eof"), client.output());
        }
        assertEquals("localhost", seen[0]);
        assertEquals("echo/1", seen[1]);
    }

    @Test
    void closingWithoutCloseNotifyIsWhatOpensslCallsAnUnexpectedEof() throws Exception {
        // The control for the test above: s_client does notice a missing close_notify.
        PeerProcess client;
        try (TestLoop loop = TestLoop.create()) {
            client = loop.call(() -> {
                try (TcpSock listener = Loopback.listener()) {
                    PeerProcess p = sClient(Loopback.address(listener).getPort(), "-quiet");
                    p.stdin().write("x\n".getBytes(US_ASCII));
                    p.stdin().flush();
                    TcpSock tcp = listener.accept();
                    TlsSock tls = TlsSock.server(tcp, serverConfig().build());
                    tls.sendAll(readLine(tls).getBytes(US_ASCII));
                    tcp.close(); // under the TLS layer: no close_notify
                    return p;
                }
            });
        }
        try (client) {
            client.closeStdin();
            client.awaitExit();
            assertTrue(client.output().contains("unexpected eof"), client.output());
        }
    }

    @Test
    void servesCurlOverHttps() throws Exception {
        String[] seen = new String[3];
        PeerProcess curl;
        try (TestLoop loop = TestLoop.create()) {
            curl = loop.call(() -> {
                try (TcpSock listener = Loopback.listener()) {
                    int port = Loopback.address(listener).getPort();
                    PeerProcess p = PeerProcess.start("curl", "-sS", "--max-time", "20", "--cacert",
                            certs.crt("ca").toString(), "--resolve", "localhost:" + port + ":127.0.0.1",
                            "https://localhost:" + port + "/hello");
                    try (TlsSock tls = TlsSock.server(listener.accept(),
                            serverConfig().applicationProtocols("http/1.1").build())) {
                        seen[0] = readLine(tls);
                        String line;
                        while ((line = readLine(tls)) != null && !line.equals("\r\n")) {
                            // skip the headers
                        }
                        tls.sendAll(("HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\n"
                                + "howdy\n").getBytes(US_ASCII));
                        seen[1] = tls.serverName();
                        seen[2] = tls.applicationProtocol();
                    }
                    return p;
                }
            });
        }
        try (curl) {
            assertEquals(0, curl.awaitExit(), curl.output());
            assertEquals("howdy", curl.output().strip());
        }
        assertEquals("GET /hello HTTP/1.1\r\n", seen[0]);
        assertEquals("localhost", seen[1]);
        assertEquals("http/1.1", seen[2], "curl offers h2 and http/1.1; we accept only http/1.1");
    }

    @Test
    void requiresAndReadsAClientCertificate() throws Exception {
        TlsConfig config = serverConfig().clientAuth(TlsConfig.ClientAuth.NEED).trustPem(certs.crt("clientca")).build();
        String[] subject = new String[1];
        PeerProcess withCert;
        try (TestLoop loop = TestLoop.create()) {
            withCert = loop.call(() -> {
                try (TcpSock listener = Loopback.listener()) {
                    int port = Loopback.address(listener).getPort();
                    PeerProcess p = sClient(port, "-quiet", "-cert", certs.crt("client").toString(),
                            "-key", certs.key("client").toString());
                    p.stdin().write("me\n".getBytes(US_ASCII));
                    p.stdin().flush();
                    try (TlsSock tls = TlsSock.server(listener.accept(), config)) {
                        tls.sendAll(readLine(tls).getBytes(US_ASCII));
                        subject[0] = tls.peerCertificates().getFirst().getSubjectX500Principal().getName();
                    }
                    // and a client without a certificate is refused
                    try (PeerProcess anonymous = sClient(port, "-quiet")) {
                        anonymous.closeStdin();
                        TlsSock tls = TlsSock.server(listener.accept(), config);
                        assertThrows(SSLHandshakeException.class, tls::handshake);
                    }
                    return p;
                }
            });
        }
        try (withCert) {
            withCert.closeStdin();
            assertEquals(0, withCert.awaitExit(), withCert.output());
        }
        assertEquals("CN=test client", subject[0]);
    }

    @Test
    void idleConnectionsHoldNoRecordBuffersBetweenExchanges() throws Exception {
        // Each end used to allocate four record-sized buffers (66 KB) up front and keep them.
        TlsConfig clientConfig = TlsConfig.client().trustPem(certs.crt("ca")).build();
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock listener = Loopback.listener()) {
                    TlsSock[] server = new TlsSock[1];
                    Coro echo = Coro.spawn("echo", () -> {
                        try (TlsSock tls = TlsSock.server(listener.accept(), serverConfig().build())) {
                            server[0] = tls;
                            byte[] b;
                            while ((b = tls.recv(1000)).length > 0) {
                                tls.sendAll(b);
                            }
                        }
                    });
                    TcpSock tcp = Loopback.connectTo(listener);
                    try (TlsSock client = TlsSock.client(tcp, clientConfig, "localhost")) {
                        client.sendAll("ping".getBytes(US_ASCII));
                        assertEquals("ping", new String(client.recvExact(4), US_ASCII));
                        assertEquals(0, client.heldBufferBytes());
                        assertEquals(0, server[0].heldBufferBytes(), "the server, parked in recv");

                        // many records each way, then idle again
                        byte[] big = new byte[200_000];
                        new java.util.Random(7).nextBytes(big);
                        Coro reader = Coro.spawn(() -> assertArrayEquals(big, client.recvExact(big.length)));
                        client.sendAll(big);
                        reader.join();
                        assertEquals(0, client.heldBufferBytes());
                        assertEquals(0, server[0].heldBufferBytes());
                    }
                    echo.join();
                }
            });
        }
    }

    @Test
    void refusesRenegotiationOfATls12Session() throws Exception {
        Throwable[] failure = new Throwable[1];
        PeerProcess client;
        try (TestLoop loop = TestLoop.create()) {
            client = loop.call(() -> {
                try (TcpSock listener = Loopback.listener()) {
                    // not -quiet: s_client then reads commands, and a line "R" asks to renegotiate
                    PeerProcess p = sClient(Loopback.address(listener).getPort(), "-tls1_2");
                    p.stdin().write("R\n".getBytes(US_ASCII));
                    p.stdin().flush();
                    try (TlsSock tls = TlsSock.server(listener.accept(), serverConfig().build())) {
                        tls.handshake();
                        assertEquals("TLSv1.2", tls.protocol());
                        failure[0] = assertThrows(SSLHandshakeException.class, () -> tls.recv(100));
                    }
                    return p;
                }
            });
        }
        try (client) {
            client.closeStdin();
            client.awaitExit();
            String out = client.output();
            assertTrue(out.contains("RENEGOTIATING"), out);
            // refused at the client's first record: no second flight, so s_client verifies no certificate again
            assertFalse(out.substring(out.indexOf("RENEGOTIATING")).contains("verify return"), out);
        }
        assertTrue(failure[0].getMessage().contains("renegotiation refused"), failure[0].getMessage());
    }

    /** What our server makes of an {@code openssl s_client} that offers only a CBC suite with SHA-1 MACs. */
    private static String[] serveCbcOnlyClient(TlsConfig config) throws Exception {
        String[] seen = new String[1];
        PeerProcess client;
        try (TestLoop loop = TestLoop.create()) {
            client = loop.call(() -> {
                try (TcpSock listener = Loopback.listener()) {
                    PeerProcess p = sClient(Loopback.address(listener).getPort(), "-quiet", "-tls1_2",
                            "-cipher", "ECDHE-ECDSA-AES128-SHA");
                    try (TlsSock tls = TlsSock.server(listener.accept(), config)) {
                        tls.handshake();
                        seen[0] = tls.session().getCipherSuite();
                    } catch (SSLHandshakeException e) {
                        seen[0] = "refused: " + e.getMessage();
                    }
                    return p;
                }
            });
        }
        try (client) {
            client.closeStdin();
            client.awaitExit();
        }
        return seen;
    }

    @Test
    void offersAeadSuitesOnlyByDefaultAndTheJdkListWhenWidened() throws Exception {
        TlsConfig strict = serverConfig().build();
        assertFalse(strict.cipherSuites().isEmpty());
        assertTrue(strict.cipherSuites().stream().noneMatch(c -> c.contains("_CBC_")), strict.cipherSuites().toString());
        assertTrue(serveCbcOnlyClient(strict)[0].startsWith("refused: "), "a CBC-only client finds no suite");
        TlsConfig wide = serverConfig().cipherSuites(TlsConfig.jdkDefaultCipherSuites()).build();
        assertEquals("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", serveCbcOnlyClient(wide)[0]);
        assertThrows(IllegalArgumentException.class, () -> serverConfig().cipherSuites(List.of()));
    }

    private static void send(PeerProcess p, String text) throws Exception {
        p.stdin().write(text.getBytes(US_ASCII));
        p.stdin().flush();
    }

    /** Polls the peer's output from a coro (the loop keeps running), for up to 30 s. */
    private static void awaitOutput(PeerProcess p, String text) {
        for (int i = 0; i < 3000 && !p.output().contains(text); i++) {
            Coro.sleep(java.time.Duration.ofMillis(10));
        }
        assertTrue(p.output().contains(text), "peer did not print " + text + ":\n" + p.output());
    }

    @Test
    void answersATls13KeyUpdateAndCarriesOn() throws Exception {
        List<String> lines = new ArrayList<>();
        PeerProcess client;
        try (TestLoop loop = TestLoop.create()) {
            client = loop.call(() -> {
                try (TcpSock listener = Loopback.listener()) {
                    PeerProcess p = sClient(Loopback.address(listener).getPort());
                    try (TlsSock tls = TlsSock.server(listener.accept(), serverConfig().build())) {
                        send(p, "before\n");
                        lines.add(readLine(tls));
                        // s_client takes a line "K" as a command only if it reads it on its own: send
                        // it, wait until s_client says it sent the key update, then send more.
                        send(p, "K\n");
                        awaitOutput(p, "KEYUPDATE");
                        send(p, "after\n");
                        String line = readLine(tls); // first takes in the key update and answers it
                        lines.add(line);
                        tls.sendAll(("echo " + line).getBytes(US_ASCII));
                    }
                    return p;
                }
            });
        }
        try (client) {
            client.closeStdin();
            client.awaitExit();
            assertTrue(client.output().contains("KEYUPDATE"), client.output());
            assertTrue(client.output().contains("echo after"), client.output());
        }
        assertEquals(List.of("before\n", "after\n"), lines);
    }

    @Test
    void aClientThatSendsGarbageInsteadOfAHandshakeIsClosed() throws Exception {
        byte[][] garbage = {
            "GET / HTTP/1.0\r\n\r\n".getBytes(US_ASCII),
            {0x16, 0x03, 0x01, (byte) 0xff, (byte) 0xff, 1, 0, 0},   // a record claiming 65,535 bytes
            {0x16, 0x03, 0x01, 0x00, 0x40, 1, 0},                     // half a ClientHello, then the end
        };
        for (byte[] g : garbage) {
            try (TestLoop loop = TestLoop.create()) {
                loop.run(() -> {
                    try (TcpSock listener = Loopback.listener()) {
                        TcpSock raw = Loopback.connectTo(listener);
                        raw.sendAll(g);
                        raw.shutdown(Direction.WRITE);
                        TcpSock accepted = listener.accept();
                        TlsSock tls = TlsSock.server(accepted, serverConfig().build());
                        assertThrows(SSLException.class, tls::handshake);
                        assertTrue(accepted.isClosed());
                        // the garbage client sees at most an alert, then the end of the stream
                        byte[] b;
                        int total = 0;
                        while ((b = raw.recv(1024)).length > 0) {
                            total += b.length;
                        }
                        assertTrue(total < 64, "more than an alert came back: " + total + " bytes");
                        raw.close();
                    }
                });
            }
        }
    }

    @Test
    void ourClientAndServerStreamAMegabyteBothWaysAtOnce() throws Exception {
        TlsConfig server = serverConfig().build();
        TlsConfig client = TlsConfig.client().trustPem(certs.crt("ca")).build();
        byte[] data = new byte[1 << 20];
        new java.util.Random(7).nextBytes(data);
        try (TestLoop loop = TestLoop.create()) {
            byte[] back = loop.call(() -> {
                try (TcpSock listener = Loopback.listener()) {
                    Coro echo = Coro.spawn("tls-echo", () -> {
                        try (TlsSock s = TlsSock.server(listener.accept(), server)) {
                            byte[] b;
                            while ((b = s.recv(8192)).length > 0) {
                                s.sendAll(b);
                            }
                        }
                    });
                    TlsSock c = TlsSock.client(Loopback.connectTo(listener), client, "127.0.0.1");
                    Coro writer = Coro.spawn("writer", () -> {
                        c.sendAll(data);
                        c.shutdown(Direction.WRITE);
                    });
                    ByteArrayOutputStream got = new ByteArrayOutputStream();
                    byte[] b;
                    while ((b = c.recv(65536)).length > 0) {
                        got.write(b);
                    }
                    writer.join();
                    echo.join();
                    assertTrue(c.closedCleanly());
                    c.close();
                    return got.toByteArray();
                }
            });
            assertTrue(Arrays.equals(data, back), "the echoed megabyte differs");
        }
    }
}
