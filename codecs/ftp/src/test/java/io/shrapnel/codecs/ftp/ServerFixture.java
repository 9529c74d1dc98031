package io.shrapnel.codecs.ftp;

import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.net.TlsConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Our {@link FtpServer} for a test: a served directory with hello.txt, a self-signed certificate
 * for localhost/127.0.0.1 made with openssl, user demo/secret, control port from 20070..20099,
 * passive ports 20180..20199.
 *
 * <p>Threading: the test thread, and the coros of the test's loop.
 */
final class ServerFixture {
    static final String USER = "demo";
    static final String PASSWORD = "secret";

    final Path root;
    final Path crt;
    final Path key;

    ServerFixture(Path dir) throws Exception {
        this.root = Files.createDirectories(dir.resolve("root"));
        Files.writeString(root.resolve("hello.txt"), "hello from shrapnel\n");
        this.crt = dir.resolve("server.crt");
        this.key = dir.resolve("server.key");
        // an ECDSA key: made in milliseconds, where an RSA key took seconds on a loaded machine
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-days", "2",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout", key.toString(), "-out", crt.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("openssl could not make a certificate");
        }
    }

    TlsConfig serverTls() throws Exception {
        return TlsConfig.server(crt, key).build();
    }

    /** TLS 1.2 for data connections: no session ticket left unread by clients that only write. */
    TlsConfig dataTls() throws Exception {
        return TlsConfig.server(crt, key).protocols("TLSv1.2").build();
    }

    TlsConfig clientTls() throws Exception {
        return TlsConfig.client().trustPem(crt).build();
    }

    /** A builder for the served directory with our user; the caller picks TLS and starts it. */
    FtpServer.Builder builder() {
        return FtpServer.builder(root).users((u, pw) -> u.equals(USER) && pw.equals(PASSWORD))
                .passivePorts(20180, 20199).idleTimeout(Duration.ofSeconds(20));
    }

    /** Starts {@code b} on the first free port of 20070..20099 (call from a coro). */
    static FtpServer start(FtpServer.Builder b) throws IOException {
        IOException last = null;
        for (int port = 20070; port <= 20099; port++) {
            try {
                return b.address(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).start();
            } catch (IOException e) {
                last = e;
            }
        }
        throw new IOException("no free port in 20070..20099", last);
    }

    /** Runs {@code body} in a coro with a started server, which is closed afterwards. */
    <T> T withServer(boolean tls, ServerBody<T> body) throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            return loop.call(() -> {
                FtpServer.Builder b = builder();
                if (tls) {
                    b.tls(serverTls()).dataTls(dataTls());
                }
                try (FtpServer s = start(b)) {
                    return body.run(s);
                }
            });
        }
    }

    interface ServerBody<T> {
        T run(FtpServer server) throws Exception;
    }
}
