package io.shrapnel.codecs.ftp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.net.TlsConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Our client against a real vsftpd with {@code require_ssl_reuse=YES}: data connections must
 * resume the control connection's TLS session, or the server refuses the transfer.
 */
@ExtendWith(CoroTestExtension.class)
class VsftpdSessionReuseTest {
    static Vsftpd server;

    @BeforeAll
    static void startServer() throws Exception {
        server = Vsftpd.shared();
    }

    static SSLContext trusting(Path certificatePem) throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        try (InputStream in = Files.newInputStream(certificatePem)) {
            ts.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /**
     * TLS 1.3 only: over TLS 1.2 vsftpd 3.0.3 issues session tickets with a lifetime of 2^31-1 s,
     * which the JDK discards (more than 7 days), and no session id, so nothing can be resumed
     * unless the JVM runs with {@code -Djdk.tls.client.enableSessionTicketExtension=false}
     * (checked by hand: then TLS 1.2 resumes by session id).
     */
    @Test
    void dataConnectionsResumeTheControlSession() throws Exception {
        String protocol = "TLSv1.3";
        byte[] upload = ("uploaded over " + protocol + "\n").getBytes(UTF_8);
        String name = "up/" + protocol + ".txt";
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (FtpClient ftp = FtpClient.connect("127.0.0.1", server.port(), Duration.ofSeconds(20))) {
                    ftp.startTls(trusting(server.certificate()), "localhost", protocol);
                    ftp.login("anonymous", "guest");
                    for (int i = 0; i < 3; i++) { // each transfer a new data connection, each resumed
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        assertEquals(18, ftp.retrieve("hello.txt", out));
                        assertEquals("hello from vsftpd\n", out.toString(UTF_8));
                    }
                    assertEquals(upload.length, ftp.store(name, new ByteArrayInputStream(upload)));
                    assertTrue(ftp.names("up").stream().anyMatch(n -> n.endsWith(protocol + ".txt")));
                    ByteArrayOutputStream back = new ByteArrayOutputStream();
                    ftp.retrieve(name, back);
                    assertArrayEquals(upload, back.toByteArray());
                }
            });
        }
        assertArrayEquals(upload, Files.readAllBytes(server.root().resolve(name)));
    }

    @Test
    void withoutSessionReuseTheServerRefusesTheDataConnection() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (FtpClient ftp = FtpClient.connect("127.0.0.1", server.port(), Duration.ofSeconds(20))) {
                    ftp.startTls(TlsConfig.client().trustPem(server.certificate()).build(), "localhost");
                    ftp.login("anonymous", "guest");
                    FtpException e = assertThrows(FtpException.class,
                            () -> ftp.retrieve("hello.txt", new ByteArrayOutputStream()));
                    assertTrue(e.getMessage().contains("reuse"), e.getMessage());
                }
            });
        }
    }
}
