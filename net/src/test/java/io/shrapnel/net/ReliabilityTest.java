package io.shrapnel.net;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.TimeoutError;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.net.internal.AcceptPause;
import java.io.IOException;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Sockets under the failures a server meets: resets, silence, closes under waiters, no descriptors. */
@ExtendWith(CoroTestExtension.class)
class ReliabilityTest {
    @TempDir
    Path dir;

    @Test
    void aPeerResetMidReadFailsTheReaderWithConnectionReset() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock server = Loopback.listener()) {
                    TcpSock[] p = Loopback.pair(server);
                    Throwable[] seen = new Throwable[1];
                    Coro reader = Coro.spawn("reader", () -> {
                        try {
                            p[1].recvExact(100);
                        } catch (IOException e) {
                            seen[0] = e;
                        }
                    });
                    p[0].sendAll("the first ten".getBytes(US_ASCII));
                    while (reader.state() != Coro.State.WAITING) {
                        Coro.yieldSlice();
                    }
                    p[0].setOption(StandardSocketOptions.SO_LINGER, 0); // close sends RST, not FIN
                    p[0].close();
                    reader.join();
                    assertInstanceOf(SocketException.class, seen[0], "got " + seen[0]);
                    assertTrue(seen[0].getMessage().contains("reset"), seen[0].getMessage());
                    p[1].close();
                }
            });
        }
    }

    @Test
    void aClientThatConnectsAndSaysNothingIsTimedOutAndClosed() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                try (TcpSock server = Loopback.listener()) {
                    Coro session = Coro.spawn("session", () -> {
                        try (TcpSock c = server.accept()) {
                            Coro.withTimeout(Duration.ofSeconds(30), () -> c.recv(100));
                        } catch (TimeoutError expected) {
                            // the idle client is dropped
                        }
                    });
                    try (TcpSock silent = Loopback.connectTo(server)) {
                        long t0 = Coro.now();
                        assertEquals(0, silent.recv(10).length, "the server closed on us");
                        assertEquals(Duration.ofSeconds(30).toNanos(), Coro.now() - t0);
                    }
                    session.join();
                    assertTrue(Coro.eventMap().isEmpty(), "left behind: " + Coro.eventMap());
                }
            });
        }
    }

    @Test
    void aTlsClientThatSaysNothingIsTimedOutInTheHandshakeAndClosed() throws Exception {
        TestCerts certs = TestCerts.make(dir);
        TlsConfig config = TlsConfig.server(certs.crt("server"), certs.key("server")).build();
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                try (TcpSock server = Loopback.listener(); TcpSock silent = Loopback.connectTo(server)) {
                    TcpSock accepted = server.accept();
                    TlsSock tls = TlsSock.server(accepted, config);
                    assertThrows(TimeoutError.class, () -> Coro.withTimeout(Duration.ofSeconds(10), tls::handshake));
                    assertTrue(accepted.isClosed());
                    assertThrows(SSLException.class, () -> tls.recv(1));
                    assertEquals(0, silent.recv(10).length);
                }
            });
        }
    }

    @Test
    void noDescriptorIsLeftOpenAfterConnectionsEndInEveryWay() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                cycle(20); // warm-up: the JDK opens some descriptors on first use, for good
                long before = Descriptors.open();
                cycle(300);
                for (int i = 0; i < 3; i++) {
                    Coro.yieldSlice(); // a pass selects, which releases the keys of closed channels
                }
                assertEquals(before, Descriptors.open(), "descriptors leaked");
            });
        }
    }

    /**
     * {@code n} connections through a listener, ended in turn by a clean close, a half-close, a
     * reset, a close under a blocked reader, and a refused connect.
     */
    private static void cycle(int n) throws Exception {
        try (TcpSock server = Loopback.listener(Loopback.V4, 512)) {
            List<Coro> sessions = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int kind = i % 4;
                TcpSock c = Loopback.connectTo(server);
                TcpSock a = server.accept();
                sessions.add(Coro.spawn(() -> {
                    try (a) {
                        byte[] b;
                        while ((b = a.recv(100)).length > 0) {
                            a.sendAll(b);
                        }
                    } catch (IOException endedBadly) {
                        // resets and closes land here
                    }
                }));
                switch (kind) {
                    case 0 -> c.close();
                    case 1 -> {
                        c.sendAll(new byte[] {1});
                        c.shutdown(Direction.WRITE);
                        c.recvExact(1);
                        c.close();
                    }
                    case 2 -> {
                        c.setOption(StandardSocketOptions.SO_LINGER, 0);
                        c.close();
                    }
                    default -> {
                        Coro.yieldSlice();
                        a.close(); // under its own session's blocked recv
                        c.close();
                    }
                }
            }
            for (Coro s : sessions) {
                s.join();
            }
        }
        TcpSock probe = Loopback.listener();
        var dead = Loopback.address(probe);
        probe.close();
        try (TcpSock refused = TcpSock.create()) {
            assertThrows(java.net.ConnectException.class, () -> refused.connect(dead));
        }
    }

    @Test
    void acceptPausesWhenDescriptorsRunOutAndResumesWhenTheyAreFree() throws Exception {
        // Real time on purpose: on a virtual clock a spinning acceptor would stop the clock and hang
        // the test instead of failing it.
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock server = Loopback.listener()) {
                    List<TcpSock> clients = new ArrayList<>();
                    for (int i = 0; i < 3; i++) {
                        clients.add(Loopback.connectTo(server)); // queued in the listen backlog
                    }
                    // Load what the accept path will need while files can still be opened (a class
                    // file is a descriptor too).
                    new AcceptPause("warm-up").resumed();
                    loop.scheduler().stats();
                    Coro.printStderr("ReliabilityTest: filling the descriptor table");
                    List<TcpSock> accepted = new ArrayList<>();
                    List<SocketChannel> filler = new ArrayList<>();
                    long passesBefore;
                    try {
                        try {
                            while (true) {
                                filler.add(SocketChannel.open());
                            }
                        } catch (IOException full) {
                            assertTrue(AcceptPause.isResourceExhaustion(full), full.toString());
                        }
                        passesBefore = loop.scheduler().stats().passes();
                        Coro acceptor = Coro.spawn("acceptor", () -> {
                            for (int i = 0; i < 3; i++) {
                                accepted.add(server.accept());
                            }
                        });
                        Coro.sleep(Duration.ofSeconds(1));
                        long passes = loop.scheduler().stats().passes() - passesBefore;
                        assertEquals(0, accepted.size());
                        assertTrue(acceptor.state() == Coro.State.WAITING, "the acceptor died: " + acceptor.exitError());
                        // 10, 20, 40 ... 640 ms: about 7 pauses in that second, so a few dozen passes
                        // at most; a spinning acceptor makes hundreds of thousands
                        assertTrue(passes < 100, "the acceptor spun: " + passes + " loop passes in 1 s");
                        for (SocketChannel ch : filler) {
                            ch.close();
                        }
                        filler.clear();
                        acceptor.join();
                    } finally {
                        for (SocketChannel ch : filler) {
                            ch.close();
                        }
                    }
                    assertEquals(3, accepted.size());
                    for (int i = 0; i < 3; i++) {
                        clients.get(i).sendAll(new byte[] {(byte) i});
                        assertEquals(i, accepted.get(i).recvExact(1)[0]);
                        clients.get(i).close();
                        accepted.get(i).close();
                    }
                }
            });
        }
    }
}
