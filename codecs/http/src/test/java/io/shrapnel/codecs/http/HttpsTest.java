package io.shrapnel.codecs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.net.TlsConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS through the net module's TlsSock: curl against our server, our client against it, through a proxy. */
@ExtendWith(CoroTestExtension.class)
class HttpsTest {
    @TempDir
    Path tmp;
    private LiveServer live;
    private Path ca;
    private TlsConfig serverTls;

    @BeforeEach
    void start() throws Exception {
        // A CA and a server certificate that names localhost only (so 127.0.0.1 must fail the host check).
        ca = tmp.resolve("ca.crt");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                "-subj", "/CN=HTTP Test CA", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-keyout", tmp.resolve("ca.key").toString(), "-out", ca.toString());
        Files.writeString(tmp.resolve("server.ext"), "subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n");
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=localhost",
                "-keyout", tmp.resolve("server.key").toString(), "-out", tmp.resolve("server.csr").toString());
        openssl("x509", "-req", "-in", tmp.resolve("server.csr").toString(), "-CA", ca.toString(), "-CAkey",
                tmp.resolve("ca.key").toString(), "-CAcreateserial", "-days", "2", "-extfile", tmp.resolve("server.ext").toString(),
                "-out", tmp.resolve("server.crt").toString());
        TlsConfig server = TlsConfig.server(tmp.resolve("server.crt"), tmp.resolve("server.key")).build();
        serverTls = server;
        Router app = Router.create()
                .get("/hello", (req, res) -> res.send("hello over tls"))
                .post("/echo", (req, res) -> res.send(req.bodyBytes()));
        live = new LiveServer(HttpServer.builder().handler(app).tls(server));
    }

    private static void openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, cmd + ": " + out);
    }

    @AfterEach
    void stop() throws Exception {
        live.close();
    }

    private String https(String path) {
        return "https://localhost:" + live.port + path;
    }

    @Test
    void curlTalksHttpsWithKeepAlive() throws Exception {
        String[] err = new String[1];
        String out = LiveServer.run(List.of("curl", "-sS", "-v", "--cacert", ca.toString(), "--resolve", "localhost:" + live.port + ":127.0.0.1",
                https("/hello"), https("/hello")), err);
        assertEquals("hello over tls".repeat(2), out);
        assertTrue(err[0].contains("Re-using existing connection"), err[0]);
    }

    @Test
    void ourClientVerifiesTheCertificateAndTheHostName() throws Exception {
        TlsConfig trusting = TlsConfig.client().trustPem(ca).build();
        String body = live.onLoop(() -> {
            try (HttpClient c = HttpClient.builder().tls(trusting).build()) {
                byte[] data = new byte[100_000];
                new java.util.Random(5).nextBytes(data);
                assertEquals(100_000, c.send(ClientRequest.post(https("/echo"), data)).body().length);
                return c.get(https("/hello")).text();
            }
        });
        assertEquals("hello over tls", body);
        // The certificate names localhost, not 127.0.0.1: the host check refuses it.
        IOException wrongName = live.onLoop(() -> {
            try (HttpClient c = HttpClient.builder().tls(trusting).build()) {
                return assertThrows(IOException.class, () -> c.get("https://127.0.0.1:" + live.port + "/hello"));
            }
        });
        assertTrue(String.valueOf(wrongName.getMessage()).toLowerCase().contains("name")
                || wrongName instanceof javax.net.ssl.SSLException, String.valueOf(wrongName));
        // The JDK's CAs do not know our test CA.
        live.onLoop(() -> {
            try (HttpClient c = HttpClient.builder().build()) {
                return assertThrows(IOException.class, () -> c.get(https("/hello")));
            }
        });
    }

    @Test
    void ourClientTunnelsHttpsThroughAProxy() throws Exception {
        TlsConfig trusting = TlsConfig.client().trustPem(ca).build();
        try (ExternalServer proxy = ExternalServer.tinyproxy(tmp.resolve("proxy"))) {
            String body = live.onLoop(() -> {
                try (HttpClient c = HttpClient.builder().tls(trusting).proxy(new InetSocketAddress("127.0.0.1", proxy.port)).build()) {
                    return c.get(https("/hello")).text();
                }
            });
            assertEquals("hello over tls", body);
            assertTrue(proxy.logText().contains("CONNECT"), proxy.logText());
        }
    }

    @Test
    void aFailedHandshakeEndsOnlyItsConnection() throws Exception {
        String garbage = live.raw("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"); // plain HTTP to a TLS port
        assertTrue(!garbage.contains("hello over tls"), garbage);
        assertEquals("hello over tls", LiveServer.run("curl", "-sS", "--cacert", ca.toString(), "--resolve",
                "localhost:" + live.port + ":127.0.0.1", https("/hello")));
    }

    @Test
    void aTlsConnectionKeepsItsCoroWhileIdle() throws Exception {
        // The engine may hold decrypted bytes the socket's readiness cannot show: a TLS connection never
        // waits without its coro, however short keepCoroWhileIdle is.
        TlsConfig trusting = TlsConfig.client().trustPem(ca).build();
        try (LiveServer zero = new LiveServer(HttpServer.builder().handler((req, res) -> res.send("kept"))
                .limits(Limits.defaults().withKeepCoroWhileIdle(java.time.Duration.ZERO)).tls(serverTls));
             HttpClient client = HttpClient.builder().tls(trusting).build()) {
            String url = "https://localhost:" + zero.port + "/";
            assertEquals("kept", zero.onLoop(() -> client.get(url).text()));
            assertEquals(0, zero.onLoop(zero.server::connectionsWithoutCoro));
            assertEquals(2, zero.coros(), "the acceptor and the connection's coro, waiting in it");
            assertEquals("kept", zero.onLoop(() -> client.get(url).text()), "the same connection serves again");
            assertEquals(1L, zero.onLoop(zero.server::accepted));
        }
    }
}
