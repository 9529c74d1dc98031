package io.shrapnel.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.net.TcpSock;
import io.shrapnel.net.TlsConfig;
import io.shrapnel.net.TlsSock;
import io.shrapnel.rpc.test.Greeter;
import io.shrapnel.rpc.test.HelloRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChannelTest {
    private static final HelloRequest OK = HelloRequest.newBuilder().setName("ok").build();

    @TempDir
    static Path certs;

    /** A CA, a server certificate for 127.0.0.1 and a client certificate, made by the real openssl. */
    @BeforeAll
    static void makeCertificates() throws Exception {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=rpc test CA");
        for (String who : List.of("server", "client")) {
            openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", who + ".key", "-out", who + ".csr", "-subj", "/CN=" + who);
            openssl("x509", "-req", "-in", who + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                    "-out", who + ".crt", "-days", "2", "-extfile", ext(who));
        }
    }

    private static String ext(String who) throws IOException {
        Path p = certs.resolve(who + ".ext");
        java.nio.file.Files.writeString(p, who.equals("server")
                ? "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n" : "extendedKeyUsage=clientAuth\n");
        return p.toString();
    }

    private static void openssl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(certs.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }

    @Test
    void reconnectsAfterTheServerComesBackWithBackoff() throws Exception {
        RpcFixture.onLoop(() -> {
            int port = Ports.free();
            InetSocketAddress addr = new InetSocketAddress("127.0.0.1", port);
            RpcServer first = RpcServer.start(addr, RpcConfig.DEFAULT, new TestGreeter());
            Channel channel = Channel.connect("127.0.0.1", port);
            Greeter.Client c = Greeter.client(channel);
            assertEquals("hello ok", c.sayHello(OK).getMessage());
            first.close();
            RpcFixture.waitFor(() -> !channel.isOpen(), "the channel to see the server go");
            RpcException refused = assertThrows(RpcException.class, () -> c.sayHello(OK));
            assertEquals(StatusCode.UNAVAILABLE, refused.code());
            assertTrue(refused.getMessage().contains("reconnecting"), refused.getMessage());
            RpcException waiting = assertThrows(RpcException.class, () -> c.sayHello(OK));
            assertTrue(waiting.getMessage().contains("next attempt in"), waiting.getMessage());
            RpcServer second = RpcServer.start(addr, RpcConfig.DEFAULT, new TestGreeter());
            Coro.sleep(Duration.ofMillis(150)); // past the first back-off (100 ms + 20 %)
            assertEquals("hello ok", c.sayHello(OK).getMessage());
            assertTrue(channel.isOpen());
            channel.close();
            RpcException afterClose = assertThrows(RpcException.class, () -> c.sayHello(OK));
            assertEquals(StatusCode.UNAVAILABLE, afterClose.code());
            second.close();
        });
    }

    @Test
    void backoffDoublesUpToItsCapWithJitter() {
        assertEquals(100_000_000L, Backoff.delayNanos(1, 0));
        assertEquals(200_000_000L, Backoff.delayNanos(2, 0));
        assertEquals(120_000_000L, Backoff.delayNanos(1, 0.2));
        assertEquals(Backoff.MAX_NANOS, Backoff.delayNanos(20, 0));
        assertEquals(Backoff.MAX_NANOS, Backoff.delayNanos(64, 0));
        Backoff b = new Backoff();
        assertTrue(b.mayTry(0));
        b.failed(0);
        assertFalse(b.mayTry(50_000_000L));
        assertTrue(b.mayTry(121_000_000L));
        assertTrue(b.waitMillis(0) >= 80 && b.waitMillis(0) <= 120);
        b.succeeded();
        assertEquals(0, b.failures());
        assertTrue(b.mayTry(0));
    }

    @Test
    void keepaliveFindsASilentPeer() throws Exception {
        RpcFixture.warmUp();
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                int port = Ports.free();
                TcpSock listener = TcpSock.create();
                listener.bind(new InetSocketAddress("127.0.0.1", port));
                listener.listen(1);
                Coro.spawn("silent-peer", () -> { // reads everything, answers nothing: a frozen node
                    try (TcpSock conn = listener.accept()) {
                        while (conn.recv(4096).length > 0) {
                            // swallow
                        }
                    }
                });
                RpcConfig quick = RpcConfig.DEFAULT.withKeepalive(Duration.ofMillis(50), Duration.ofMillis(300));
                Channel channel = Channel.connect("127.0.0.1", port, quick);
                RpcException e = assertThrows(RpcException.class, () -> Greeter.client(channel).sayHello(OK));
                assertEquals(StatusCode.UNAVAILABLE, e.code());
                assertTrue(e.getMessage().contains("keepalive"), e.getMessage());
                channel.close();
                listener.close();
                RpcFixture.waitFor(() -> Coro.current().scheduler().liveCoros() == 1, "coros to end");
            });
        }
    }

    @Test
    void anIdleConnectionHoldsNoWriterNorBufferAndABusyOneTurnsIdleAfterAQuietInterval() throws Exception {
        RpcConfig quick = RpcConfig.DEFAULT.withKeepalive(Duration.ofSeconds(1), Duration.ofSeconds(10));
        RpcFixture.run(quick, new TestGreeter(), (server, channel) -> {
            Greeter.Client c = Greeter.client(channel);
            Connection conn = channel.connection();
            assertEquals("hello ok", c.sayHello(OK).getMessage());
            // light traffic: the writer ended after sending, the reader after handling the reply (the
            // socket's readiness starts the next one), and neither holds a buffer
            assertTrue(conn.isIdle());
            assertFalse(conn.hasWriter());
            assertFalse(conn.hasReader());
            assertFalse(conn.holdsReadBuffer());
            for (int i = 0; conn.isIdle(); i++) {
                assertTrue(i < 100_000, "never busy");
                assertEquals("hello ok", c.sayHello(OK).getMessage());
            }
            // busy: both keep what they have between calls (unless a keepalive tick came between)
            assertEquals("hello ok", c.sayHello(OK).getMessage());
            if (!conn.isIdle()) {
                assertTrue(conn.hasWriter());
                assertTrue(conn.hasReader());
                assertTrue(conn.holdsReadBuffer());
            }
            // a quiet interval: the parked writer is woken to end, the parked reader drops its empty buffer
            RpcFixture.waitFor(() -> conn.isIdle() && !conn.hasWriter() && !conn.hasReader() && !conn.holdsReadBuffer(),
                    "the connection to turn idle");
            assertTrue(conn.isOpen());
            assertEquals("hello ok", c.sayHello(OK).getMessage());
            assertFalse(conn.hasWriter());
            assertFalse(conn.hasReader());
            assertFalse(conn.holdsReadBuffer());
        });
    }

    @Test
    void turningIdleEndsTheParkedWriterAndTheReaderWaitingWithAnEmptyBuffer() throws Exception {
        RpcConfig noTicks = RpcConfig.DEFAULT.withKeepalive(Duration.ofHours(1), Duration.ofHours(2));
        RpcFixture.run(noTicks, new TestGreeter(), (server, channel) -> {
            Greeter.Client c = Greeter.client(channel);
            Connection conn = channel.connection();
            long before = RpcStats.SERVER.of(Greeter.SAY_HELLO.fullName()).started.sum();
            int calls = 0;
            while (conn.isIdle()) {
                assertTrue(calls < 1000, "never busy");
                assertEquals("hello ok", c.sayHello(OK).getMessage());
                calls++;
            }
            for (int i = 0; i < 5; i++) {
                assertEquals("hello ok", c.sayHello(OK).getMessage());
                calls++;
            }
            // busy (and no keepalive tick in this test): reader and writer stay parked, each with its buffer
            assertFalse(conn.isIdle());
            assertTrue(conn.hasWriter());
            assertTrue(conn.hasReader());
            assertTrue(conn.holdsReadBuffer());
            // every request reached the server once: the busy writer sends each batch once
            assertEquals(calls, RpcStats.SERVER.of(Greeter.SAY_HELLO.fullName()).started.sum() - before);
            conn.turnIdle(); // what a quiet keepalive tick does
            assertTrue(conn.isIdle());
            Coro.sleep(Duration.ofMillis(20)); // the woken writer and the interrupted reader run and end
            assertFalse(conn.hasWriter());
            assertFalse(conn.hasReader());
            assertFalse(conn.holdsReadBuffer());
            assertTrue(conn.isOpen());
            assertEquals("hello ok", c.sayHello(OK).getMessage());
            assertEquals(calls + 1, RpcStats.SERVER.of(Greeter.SAY_HELLO.fullName()).started.sum() - before);
        });
    }

    @Test
    void idleConnectionStaysUpThroughPings() throws Exception {
        RpcConfig quick = RpcConfig.DEFAULT.withKeepalive(Duration.ofMillis(50), Duration.ofMillis(1500));
        RpcFixture.run(quick, new TestGreeter(), (server, channel) -> {
            Coro.sleep(Duration.ofMillis(2000)); // longer than the timeout: only the pings keep it up
            assertTrue(channel.isOpen());
            assertEquals("hello ok", Greeter.client(channel).sayHello(OK).getMessage());
        });
    }

    @Test
    void mutualTls() throws Exception {
        RpcFixture.warmUp();
        TlsConfig serverTls = TlsConfig.server(certs.resolve("server.crt"), certs.resolve("server.key"))
                .trustPem(certs.resolve("ca.crt")).clientAuth(TlsConfig.ClientAuth.NEED).build();
        TlsConfig clientTls = TlsConfig.client().trustPem(certs.resolve("ca.crt"))
                .keyPem(certs.resolve("client.crt"), certs.resolve("client.key")).build();
        TlsConfig anonymous = TlsConfig.client().trustPem(certs.resolve("ca.crt")).build();
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                int port = Ports.free();
                RpcServer server = RpcServer.create(RpcConfig.DEFAULT, new TestGreeter());
                TcpSock listener = TcpSock.create();
                listener.bind(new InetSocketAddress("127.0.0.1", port));
                listener.listen(8);
                Coro.spawn("tls-acceptor", () -> {
                    try {
                        while (true) {
                            server.serve(TlsSock.server(listener.accept(), serverTls));
                        }
                    } catch (IOException closed) {
                        // listener closed
                    }
                });
                Channel channel = Channel.reconnecting(
                        () -> TlsSock.connect("127.0.0.1", port, "127.0.0.1", clientTls), RpcConfig.DEFAULT);
                assertEquals("hello ok", Greeter.client(channel).sayHello(OK).getMessage());
                channel.close();
                Channel stranger = Channel.over(TlsSock.connect("127.0.0.1", port, "127.0.0.1", anonymous),
                        RpcConfig.DEFAULT);
                assertThrows(RpcException.class, () -> Greeter.client(stranger).sayHello(OK),
                        "a client without a certificate is refused");
                stranger.close();
                listener.close();
                server.close();
                RpcFixture.waitFor(() -> Coro.current().scheduler().liveCoros() == 1, "coros to end");
            });
        }
    }
}
