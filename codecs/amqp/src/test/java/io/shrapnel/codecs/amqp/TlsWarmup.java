package io.shrapnel.codecs.amqp;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.net.TlsConfig;
import io.shrapnel.net.TlsSock;
import io.shrapnel.net.UnixSock;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One TLS handshake with client certificate inside this JVM, over a Unix socket in the broker's
 * directory, before any test connects to the broker's TLS listener.
 *
 * <p>Why: the first handshake of a JVM pays the JDK's one-time crypto start-up on the loop thread
 * (P-256 precomputed tables, X.509 parsing, the RSA signature of CertificateVerify, JSSE linkage; a
 * JFR recording showed ~0.5 s of CPU in it, cold). On a machine at 100% CPU the JVM gets a tenth of a
 * core, so that slice lasted 5-7.5 s, and RabbitMQ's TLS handshake timeout (5 s) or the connect
 * timeout (10 s) ran out while the loop was busy with it. Paid here, untimed, it is off every
 * handshake a test measures against the broker. Nothing blocks on the loop in either case.
 *
 * <p>Threading: the calling (JUnit) thread runs a loop of its own until both ends are done.
 */
final class TlsWarmup {
    private static boolean done;

    private TlsWarmup() {}

    /** Once per JVM: a mutual-TLS handshake with the broker's certificates, client and server in one loop. */
    static synchronized void once() throws Exception {
        if (done) {
            return;
        }
        TlsConfig server = TlsConfig.server(Broker.file("server.crt"), Broker.file("server.key"))
                .trustPem(Broker.file("ca.crt")).clientAuth(TlsConfig.ClientAuth.NEED).build();
        TlsConfig client = TlsConfig.client().trustPem(Broker.file("ca.crt"))
                .keyPem(Broker.file("client.crt"), Broker.file("client.key")).build();
        Path path = Broker.file("warmup-" + ProcessHandle.current().pid() + ".sock"); // one broker dir, many JVMs
        Files.deleteIfExists(path);
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (UnixSock listener = UnixSock.create()) {
                    listener.bind(path);
                    listener.listen(1);
                    Coro accepting = Coro.spawn(() -> {
                        try (TlsSock s = TlsSock.server(listener.accept(), server)) {
                            s.handshake();
                            s.sendAll(java.nio.ByteBuffer.wrap(new byte[] {1}));
                        }
                    });
                    UnixSock sock = UnixSock.create();
                    sock.connect(path);
                    try (TlsSock s = TlsSock.client(sock, client, "localhost")) {
                        s.handshake();
                        s.recv(1);
                    }
                    accepting.join();
                }
            });
        } finally {
            Files.deleteIfExists(path);
        }
        done = true;
    }
}
