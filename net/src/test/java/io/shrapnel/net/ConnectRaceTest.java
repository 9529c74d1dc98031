package io.shrapnel.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Body;
import io.shrapnel.kernel.ClosedError;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.LoopbackPorts;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** connect(host, port) over several addresses: happy eyeballs and the report of every failure. */
@ExtendWith(CoroTestExtension.class)
class ConnectRaceTest {
    private static final InetAddress V4 = Loopback.V4;
    private static final InetAddress V6 = Loopback.V6;

    /** Runs {@code body} with a resolver that answers {@code addresses} for any name. */
    private static void withAddresses(List<InetAddress> addresses, TestLoop loop, Body body) throws Exception {
        Resolver before = Resolver.setDefault(host -> addresses);
        try {
            loop.run(body);
        } finally {
            Resolver.setDefault(before);
        }
    }

    /** A port on 127.0.0.1 (and most likely ::1) where nothing listens. */
    private static int closedPort() throws Exception {
        return LoopbackPorts.tcp();
    }

    @Test
    void aRefusedAddressIsSkippedForTheNextOne() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            withAddresses(List.of(V6, V4), loop, () -> {
                try (TcpSock listener = Loopback.listener(V4, 5); TcpSock c = TcpSock.create()) {
                    long start = Coro.now();
                    c.connect("dual.test", Loopback.address(listener).getPort()); // nothing on [::1]:port
                    assertEquals(Duration.ZERO.toNanos(), Coro.now() - start); // no waiting for the delay
                    try (TcpSock accepted = listener.accept()) {
                        assertEquals(c.localAddress(), accepted.peerAddress());
                    }
                    assertEquals(V4, ((InetSocketAddress) c.peerAddress()).getAddress());
                }
            });
        }
    }

    @Test
    void whenEveryAddressFailsTheErrorNamesEachOfThem() throws Exception {
        int port = closedPort();
        try (TestLoop loop = TestLoop.virtualTime()) {
            withAddresses(List.of(V6, V4), loop, () -> {
                try (TcpSock c = TcpSock.create()) {
                    ConnectException e = assertThrows(ConnectException.class, () -> c.connect("dual.test", port));
                    assertTrue(e.getMessage().startsWith("connect to dual.test port " + port + " failed: "), e.getMessage());
                    assertTrue(e.getMessage().contains(new InetSocketAddress(V6, port) + ": Connection refused"),
                            e.getMessage());
                    assertTrue(e.getMessage().contains(new InetSocketAddress(V4, port) + ": Connection refused"),
                            e.getMessage());
                    assertEquals(2, e.getSuppressed().length);
                }
            });
        }
    }

    @Test
    void anAddressThatHangsIsRacedByTheNextAfterTheAttemptDelay() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            withAHangingPort(loop, List.of(V4, V6), port -> {
                try (TcpSock goodOnSamePort = TcpSock.create()) {
                    // the IPv6 listener must be on the same port: re-listen there
                    goodOnSamePort.bind(new InetSocketAddress(V6, port));
                    goodOnSamePort.listen(5);
                    long start = Coro.now();
                    try (TcpSock c = TcpSock.create()) {
                        c.connect("slow-v4.test", port);
                        assertEquals(ConnectRace.ATTEMPT_DELAY.toNanos(), Coro.now() - start);
                        assertEquals(V6, ((InetSocketAddress) c.peerAddress()).getAddress());
                    }
                }
            });
        }
    }

    /** What a socket's counters say after a race: the open count of each attempt given up settled. */
    private static SockStats opened(SockStats before) {
        SockStats now = TcpSock.stats();
        return new SockStats("TcpSock", now.open() - before.open(), now.opened() - before.opened(), 0,
                now.connected() - before.connected(), 0, 0);
    }

    @Test
    void aRaceCountsEveryAttemptItOpensAndClosesTheLosers() throws Exception {
        int refused = closedPort();
        try (TestLoop loop = TestLoop.create()) {
            withAddresses(List.of(V4, V4), loop, () -> {
                try (TcpSock listener = Loopback.listener(V4, 5)) {
                    SockStats before = TcpSock.stats();
                    try (TcpSock c = TcpSock.create()) {
                        c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                        c.bind(new InetSocketAddress(V4, 0)); // released: each attempt binds its own channel
                        SocketAddress from = c.localAddress();
                        assertEquals(new SockStats("TcpSock", 1, 1, 0, 0, 0, 0), opened(before));
                        c.connect("twice.test", Loopback.address(listener).getPort());
                        assertEquals(from, c.localAddress(), "the attempt connected from the bound address");
                        assertTrue(c.option(StandardSocketOptions.TCP_NODELAY), "the attempt has the options");
                        IllegalStateException again = assertThrows(IllegalStateException.class,
                                () -> c.connect("twice.test", Loopback.address(listener).getPort()));
                        assertTrue(again.getMessage().contains("already connected"), again.getMessage());
                        try (TcpSock accepted = listener.accept()) {
                            assertEquals(from, accepted.peerAddress());
                            // the bound channel and the winner's channel were opened; only the winner is left
                            assertEquals(new SockStats("TcpSock", 2, 3, 0, 1, 0, 0), opened(before));
                        }
                    }
                    try (TcpSock c = TcpSock.create()) {
                        SockStats from = TcpSock.stats();
                        assertThrows(ConnectException.class, () -> c.connect("twice.test", refused));
                        assertEquals(new SockStats("TcpSock", 0, 2, 0, 0, 0, 0), opened(from), "both losers closed");
                    }
                }
            });
        }
    }

    @Test
    void aSocketClosedWhileItsRaceRunsClosesTheWinner() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            withAddresses(List.of(V6, V4), loop, () -> {
                try (TcpSock listener = Loopback.listener(V4, 5); TcpSock c = TcpSock.create()) {
                    SockStats before = TcpSock.stats();
                    Coro.spawn(c::close); // runs once the connecting coro parks in its race
                    ClosedError e = assertThrows(ClosedError.class,
                            () -> c.connect("dual.test", Loopback.address(listener).getPort()));
                    assertTrue(e.getMessage().startsWith("connect on a closed TcpSock"), e.getMessage());
                    assertEquals(new SockStats("TcpSock", 0, 2, 0, 0, 0, 0), opened(before), "nothing left open");
                    try (TcpSock accepted = listener.accept()) {
                        byte[] end = Coro.withTimeout(Duration.ofSeconds(10), () -> accepted.recv(10));
                        assertEquals(0, end.length, "the peer of the winner sees the end of the stream");
                    }
                }
            });
        }
    }
    @Test
    void anAttemptThatCannotTakeTheOptionsIsClosed() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            withAddresses(List.of(V4, V4), loop, () -> {
                try (TcpSock listener = Loopback.listener(V4, 5)) {
                    SockStats before = TcpSock.stats();
                    long fds = Descriptors.open();
                    for (int i = 0; i < 20; i++) {
                        try (TcpSock c = TcpSock.create()) {
                            c.setOption(StandardSocketOptions.SO_RCVBUF, -1); // kept: checked when applied
                            assertThrows(IllegalArgumentException.class,
                                    () -> c.connect("twice.test", Loopback.address(listener).getPort()));
                        }
                    }
                    assertEquals(new SockStats("TcpSock", 0, 20, 0, 0, 0, 0), opened(before));
                    assertTrue(Descriptors.open() - fds < 10, "descriptors left open: " + Descriptors.describe());
                }
            });
        }
    }
    @Test
    void aBoundSocketThatRacesClosesTheChannelItBound() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            withAddresses(List.of(V4, V4), loop, () -> {
                try (TcpSock listener = Loopback.listener(V4, 50)) {
                    long fds = Descriptors.open();
                    for (int i = 0; i < 20; i++) {
                        try (TcpSock c = TcpSock.create()) {
                            c.bind(new InetSocketAddress(V4, 0));
                            c.connect("twice.test", Loopback.address(listener).getPort());
                            listener.accept().close();
                        }
                    }
                    assertTrue(Descriptors.open() - fds < 10, "descriptors left open: " + Descriptors.describe());
                }
            });
        }
    }
    /** Runs {@code body} with a listener on 127.0.0.1 whose accept queue is full: a connect to it hangs. */
    private static void withAHangingPort(TestLoop loop, List<InetAddress> addresses, PortBody body) throws Exception {
        withAddresses(addresses, loop, () -> {
            try (TcpSock full = Loopback.listener(V4, 1)) {
                List<TcpSock> filling = new ArrayList<>();
                try {
                    for (int i = 0; i < 2; i++) {
                        TcpSock f = TcpSock.create();
                        filling.add(f);
                        f.connect(Loopback.address(full));
                    }
                    body.run(Loopback.address(full).getPort());
                } finally {
                    for (TcpSock f : filling) {
                        f.close();
                    }
                }
            }
        });
    }

    @FunctionalInterface
    private interface PortBody {
        void run(int port) throws Exception;
    }

    @Test
    void eachHangingAddressGetsItsDelayBeforeTheNextIsTried() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            withAHangingPort(loop, List.of(V4, V4, V6), port -> {
                try (TcpSock good = TcpSock.create()) {
                    good.bind(new InetSocketAddress(V6, port));
                    good.listen(5);
                    long start = Coro.now();
                    try (TcpSock c = TcpSock.create()) {
                        c.connect("slow.test", port);
                        assertEquals(2 * ConnectRace.ATTEMPT_DELAY.toNanos(), Coro.now() - start);
                        assertEquals(V6, ((InetSocketAddress) c.peerAddress()).getAddress());
                    }
                }
            });
        }
    }

    @Test
    void whenTheLastAddressHangsTheRaceWaitsForItWithoutStartingMore() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            withAHangingPort(loop, List.of(V6, V4), port -> {
                try (TcpSock c = TcpSock.create()) {
                    // [::1] refuses at once, 127.0.0.1 hangs: nothing is left to start, so only the caller's timeout ends it
                    assertThrows(io.shrapnel.kernel.TimeoutError.class,
                            () -> Coro.withTimeout(Duration.ofSeconds(2), () -> c.connect("last.test", port)));
                }
            });
        }
    }
}
