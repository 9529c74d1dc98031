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
import java.nio.file.Files;
import java.time.Duration;
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

    /** The client's TLS configuration, trusting the server's certificate, offering these versions. */
    static TlsConfig trusting(String protocol) throws Exception {
        return TlsConfig.client().trustPem(server.certificate()).protocols(protocol).build();
    }

    /** Over TLS 1.3 (the default) vsftpd's session tickets are resumed by every data connection. */
    @Test
    void dataConnectionsResumeTheControlSession() throws Exception {
        String protocol = "TLSv1.3";
        byte[] upload = ("uploaded over " + protocol + "\n").getBytes(UTF_8);
        String name = "up/" + protocol + ".txt";
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (FtpClient ftp = FtpClient.connect("127.0.0.1", server.port(), Duration.ofSeconds(20))) {
                    ftp.startTls(trusting(protocol), "localhost");
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

    /**
     * Over TLS 1.2 vsftpd 3.0.3 issues session tickets with a lifetime of 2^31-1 s, which the JDK
     * discards (more than 7 days), and no session id: nothing can be resumed (unless the JVM runs
     * with {@code -Djdk.tls.client.enableSessionTicketExtension=false}, checked by hand), so the
     * server refuses the data connection. This shows the test above needs the resumption.
     */
    @Test
    void withoutSessionReuseTheServerRefusesTheDataConnection() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (FtpClient ftp = FtpClient.connect("127.0.0.1", server.port(), Duration.ofSeconds(20))) {
                    ftp.startTls(trusting("TLSv1.2"), "localhost");
                    ftp.login("anonymous", "guest");
                    FtpException e = assertThrows(FtpException.class,
                            () -> ftp.retrieve("hello.txt", new ByteArrayOutputStream()));
                    assertTrue(e.getMessage().contains("reuse"), e.getMessage());
                }
            });
        }
    }
}
