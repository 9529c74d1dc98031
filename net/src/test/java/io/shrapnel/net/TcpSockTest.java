package io.shrapnel.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Body;
import io.shrapnel.kernel.ClosedError;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Fifo;
import io.shrapnel.kernel.SimultaneousError;
import io.shrapnel.kernel.TimeoutError;
import io.shrapnel.kernel.testing.LoopbackPorts;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CoroTestExtension.class)
class TcpSockTest {
    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    @Test
    void echoRoundTripBetweenTwoCorosOnOneLoop() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            String echoed = loop.call(() -> {
                TcpSock server = Loopback.listener();
                Coro echo = Coro.spawn("echo", () -> {
                    try (TcpSock c = server.accept()) {
                        byte[] b;
                        while ((b = c.recv(1024)).length > 0) {
                            c.sendAll(b);
                        }
                    }
                });
                try (TcpSock c = Loopback.connectTo(server)) {
                    c.sendAll(bytes("hello, coro"));
                    return new String(c.recvExact(11), UTF_8);
                } finally {
                    server.close();
                    echo.join(); // it ends when it sees the client's end of stream
                }
            });
            assertEquals("hello, coro", echoed);
        }
    }

    /**
     * Sends from arrays go out through the loop's 64 KB scratch buffer (not the JDK's per-thread, so
     * per-coro, cache of temporary direct buffers): an array many times that size, written while the
     * reader takes it in small pieces (so most writes are partial), arrives whole and in order.
     */
    @Test
    void aLargeArraySentThroughTheLoopScratchArrivesWholeThroughPartialWrites() throws Exception {
        byte[] block = new byte[3 * 1024 * 1024 + 17];
        new java.util.SplittableRandom(7).nextBytes(block);
        try (TestLoop loop = TestLoop.create()) {
            byte[] got = loop.call(() -> {
                try (TcpSock server = Loopback.listener()) {
                    TcpSock[] p = Loopback.pair(server);
                    try (TcpSock a = p[0]; TcpSock b = p[1]) {
                        Coro sender = Coro.spawn("sender", () -> a.sendAll(java.nio.ByteBuffer.wrap(block, 5, block.length - 5)));
                        java.io.ByteArrayOutputStream in = new java.io.ByteArrayOutputStream();
                        while (in.size() < block.length - 5) {
                            in.write(b.recv(1000));
                        }
                        sender.join();
                        return in.toByteArray();
                    }
                }
            });
            assertArrayEquals(java.util.Arrays.copyOfRange(block, 5, block.length), got);
        }
    }

    @Test
    void echoWorksOverIpv6Loopback() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock server = Loopback.listener(Loopback.V6, 5)) {
                    TcpSock[] p = Loopback.pair(server);
                    try (TcpSock a = p[0]; TcpSock b = p[1]) {
                        assertEquals(Loopback.V6, ((InetSocketAddress) a.peerAddress()).getAddress());
                        a.sendAll(bytes("six"));
                        assertEquals("six", new String(b.recvExact(3), UTF_8));
                    }
                }
            });
        }
    }

    @Test
    void acceptManyTakesTheConnectionsAlreadyQueuedUpToItsMaximum() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock server = Loopback.listener()) {
                    List<TcpSock> clients = new ArrayList<>();
                    for (int i = 0; i < 5; i++) {
                        clients.add(Loopback.connectTo(server));
                    }
                    List<TcpSock> first = server.acceptMany(3);
                    List<TcpSock> rest = server.acceptMany(10);
                    assertEquals(3, first.size());
                    assertEquals(2, rest.size());
                    for (TcpSock s : first) {
                        s.close();
                    }
                    for (TcpSock s : rest) {
                        s.close();
                    }
                    for (TcpSock s : clients) {
                        s.close();
                    }
                }
            });
        }
    }

    @Test
    void recvReturnsEmptyAndRecvIntoMinusOneAtEndOfStream() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock server = Loopback.listener()) {
                    TcpSock[] p = Loopback.pair(server);
                    p[0].close();
                    assertEquals(0, p[1].recv(100).length);
                    assertEquals(-1, p[1].recvInto(ByteBuffer.allocate(10)));
                    p[1].close();
                }
            });
        }
    }

    @Test
    void recvExactFailsWithThePartialDataAtEndOfStream() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock server = Loopback.listener()) {
                    TcpSock[] p = Loopback.pair(server);
                    p[0].sendAll(bytes("abc"));
                    p[0].close();
                    EofError e = assertThrows(EofError.class, () -> p[1].recvExact(10));
                    assertArrayEquals(bytes("abc"), e.partial());
                    assertEquals(10, e.wanted());
                    p[1].close();
                }
            });
        }
    }

    @Test
    void halfCloseLetsThePeerFinishItsReply() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            String reply = loop.call(() -> {
                try (TcpSock server = Loopback.listener()) {
                    Coro.spawn("upper", () -> {
                        try (TcpSock c = server.accept()) {
                            StringBuilder all = new StringBuilder();
                            byte[] b;
                            while ((b = c.recv(100)).length > 0) {
                                all.append(new String(b, UTF_8));
                            }
                            c.sendAll(bytes(all.toString().toUpperCase()));
                        }
                    });
                    try (TcpSock c = Loopback.connectTo(server)) {
                        c.sendAll(bytes("request"));
                        c.shutdown(Direction.WRITE);
                        StringBuilder got = new StringBuilder();
                        byte[] b;
                        while ((b = c.recv(100)).length > 0) {
                            got.append(new String(b, UTF_8));
                        }
                        return got.toString();
                    }
                }
            });
            assertEquals("REQUEST", reply);
        }
    }

    @Test
    void readvScattersAndWritevGathers() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock server = Loopback.listener()) {
                    TcpSock[] p = Loopback.pair(server);
                    long sent = p[0].writev(ByteBuffer.wrap(bytes("head")), ByteBuffer.wrap(bytes("-body")));
                    assertEquals(9, sent);
                    ByteBuffer head = ByteBuffer.allocate(4);
                    ByteBuffer body = ByteBuffer.allocate(5);
                    long got = 0;
                    while (got < 9) {
                        got += p[1].readv(head, body);
                    }
                    assertEquals("head", new String(head.array(), UTF_8));
                    assertEquals("-body", new String(body.array(), UTF_8));
                    p[0].close();
                    p[1].close();
                }
            });
        }
    }

    @Test
    void twoReadersOnOneSocketGetSimultaneousErrorNamingBoth() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock server = Loopback.listener()) {
                    TcpSock[] p = Loopback.pair(server);
                    Coro first = Coro.spawn("first-reader", () -> p[1].recv(10));
                    Coro.yieldSlice(); // let it park in recv
                    SimultaneousError e = assertThrows(SimultaneousError.class, () -> p[1].recv(10));
                    assertSame(Coro.current(), e.coro());
                    assertSame(first, e.other());
                    assertTrue(e.getMessage().contains("first-reader"), e.getMessage());
                    p[0].sendAll(bytes("x"));
                    first.join();
                    p[0].close();
                    p[1].close();
                }
            });
        }
    }

    @Test
    void closeWakesABlockedReaderAndABlockedWriterWithClosedError() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock server = Loopback.listener()) {
                    TcpSock[] p = Loopback.pair(server);
                    TcpSock s = p[1];
                    s.setOption(StandardSocketOptions.SO_SNDBUF, 4096);
                    Throwable[] seen = new Throwable[2];
                    Coro reader = Coro.spawn("reader", () -> {
                        try {
                            s.recv(10);
                        } catch (ClosedError e) {
                            seen[0] = e;
                        }
                    });
                    Coro writer = Coro.spawn("writer", () -> {
                        try {
                            s.sendAll(new byte[8 << 20]); // the peer never reads: fills the buffers, then parks
                        } catch (ClosedError e) {
                            seen[1] = e;
                        }
                    });
                    while (reader.state() != Coro.State.WAITING || writer.state() != Coro.State.WAITING) {
                        Coro.yieldSlice();
                    }
                    s.close();
                    reader.join();
                    writer.join();
                    assertNotNull(seen[0], "reader was not woken with ClosedError");
                    assertNotNull(seen[1], "writer was not woken with ClosedError");
                    assertThrows(ClosedError.class, () -> s.recv(1));
                    s.close(); // idempotent
                    p[0].close();
                }
            });
        }
    }

    @Test
    void aParkedRecvReturnsNoMoreThanItsOwnMaximumWhateverOtherRecvsAskedMeanwhile() throws Exception {
        // recv reads through a buffer the loop's sockets share; each read must size it afresh.
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                try (TcpSock server = Loopback.listener()) {
                    TcpSock[] small = Loopback.pair(server);
                    TcpSock[] big = Loopback.pair(server);
                    Fifo<String> got = new Fifo<>();
                    Coro s = Coro.spawn(() -> got.push(new String(small[1].recv(2), UTF_8)));
                    Coro b = Coro.spawn(() -> got.push(new String(big[1].recv(1024), UTF_8)));
                    Coro.yieldSlice(); // both park in recv, the big one last
                    small[0].sendAll(bytes("abcd"));
                    assertEquals("ab", got.pop());
                    big[0].sendAll(bytes("xyz"));
                    assertEquals("xyz", got.pop());
                    s.join();
                    b.join();
                    for (TcpSock t : List.of(small[0], small[1], big[0], big[1])) {
                        t.close();
                    }
                }
            });
        }
    }

    @Test
    void aRecvThatParkedStillReadsAfterAnotherConnectionsRecvUsedTheSharedBuffer() throws Exception {
        // A recv that completed leaves the shared buffer consumed; a recv that parked before it must
        // not read into that (a read of nothing, woken again and again by the readable socket).
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock server = Loopback.listener()) {
                    TcpSock[] first = Loopback.pair(server);
                    TcpSock[] second = Loopback.pair(server);
                    Fifo<String> got = new Fifo<>();
                    Coro waiting = Coro.spawn(() -> got.push(new String(second[1].recv(100), UTF_8)));
                    Coro.yieldSlice(); // it parks in recv
                    first[0].sendAll(bytes("one"));
                    assertEquals("one", new String(first[1].recv(100), UTF_8));
                    second[0].sendAll(bytes("two"));
                    assertEquals("two", Coro.withTimeout(Duration.ofSeconds(5), got::pop));
                    waiting.join();
                    for (TcpSock t : List.of(first[0], first[1], second[0], second[1])) {
                        t.close();
                    }
                }
            });
        }
    }

    @Test
    void aTimedOutRecvLeavesNothingRegisteredSoTheNextRecvWorks() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                try (TcpSock server = Loopback.listener()) {
                    TcpSock[] p = Loopback.pair(server);
                    assertThrows(TimeoutError.class,
                            () -> Coro.withTimeout(Duration.ofSeconds(5), () -> p[1].recv(10)));
                    assertTrue(Coro.eventMap().isEmpty(), "left behind: " + Coro.eventMap());
                    p[0].sendAll(bytes("late"));
                    assertEquals("late", new String(p[1].recvExact(4), UTF_8));
                    p[0].close();
                    p[1].close();
                }
            });
        }
    }

    @Test
    void dataForAReaderThatTimedOutWakesNobodyUntilItReadsAgain() throws Exception {
        // The timed-out recv leaves its read interest registered (so a reader that comes back at
        // once costs no epoll_ctl): the data that then arrives must not wake the coro, which is
        // meanwhile asleep for another reason, and must be there for its next recv.
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                try (TcpSock server = Loopback.listener()) {
                    TcpSock[] p = Loopback.pair(server);
                    assertThrows(TimeoutError.class,
                            () -> Coro.withTimeout(Duration.ofSeconds(1), () -> p[1].recv(10)));
                    Coro writer = Coro.spawn(() -> p[0].sendAll(bytes("late")));
                    long t0 = Coro.now();
                    Coro.sleep(Duration.ofSeconds(3));
                    assertEquals(Duration.ofSeconds(3).toNanos(), Coro.now() - t0, "woken early");
                    writer.join();
                    assertEquals("late", new String(p[1].recv(10), UTF_8));
                    assertTrue(Coro.eventMap().isEmpty(), "left behind: " + Coro.eventMap());
                    p[0].close();
                    p[1].close();
                }
            });
        }
    }

    @Test
    void connectTimesOutThroughWithTimeoutWhenTheListenQueueIsFull() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                // A backlog of 1 queues two connections; once it is full, Linux drops further SYNs.
                try (TcpSock server = Loopback.listener(Loopback.V4, 1)) {
                    List<TcpSock> fillers = new ArrayList<>();
                    TcpSock hung = null;
                    try {
                        for (int i = 0; i < 8 && hung == null; i++) {
                            TcpSock c = TcpSock.create();
                            fillers.add(c);
                            try {
                                Coro.withTimeout(Duration.ofSeconds(3), () -> c.connect(Loopback.address(server)));
                            } catch (TimeoutError e) {
                                hung = c;
                            }
                        }
                        assertNotNull(hung, "no connect was held up by the full listen queue");
                        assertTrue(Coro.eventMap().isEmpty(), "left behind: " + Coro.eventMap());
                    } finally {
                        for (TcpSock c : fillers) {
                            c.close();
                        }
                    }
                }
            });
        }
    }

    @Test
    void connectToAClosedPortIsRefused() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                TcpSock probe = Loopback.listener();
                InetSocketAddress dead = Loopback.address(probe);
                probe.close();
                try (TcpSock c = TcpSock.create()) {
                    assertThrows(ConnectException.class, () -> c.connect(dead));
                }
            });
        }
    }

    @Test
    void bindToAnAddressInUseFailsThereAndNamesTheAddress() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock first = Loopback.listener(); TcpSock second = TcpSock.create()) {
                    InetSocketAddress taken = Loopback.address(first);
                    BindException e = assertThrows(BindException.class, () -> second.bind(taken));
                    assertTrue(e.getMessage().contains(taken.toString()), e.getMessage());
                    assertNull(second.localAddress(), "a failed bind leaves the socket unbound");
                    LoopbackPorts.bind(port -> { // and it can still bind elsewhere
                        second.bind(new InetSocketAddress(Loopback.V4, port));
                        return second;
                    });
                    assertNotNull(second.localAddress());
                }
            });
        }
    }

    /** As in the original: getsockname answers right after bind, before any listen, and without one. */
    @Test
    void bindBindsAndTheAddressIsKnownBeforeListen() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock s = TcpSock.create()) {
                    int port = LoopbackPorts.bind(p -> {
                        s.bind(new InetSocketAddress(Loopback.V4, p));
                        return p;
                    });
                    InetSocketAddress bound = Loopback.address(s);
                    assertEquals(port, bound.getPort(), "the port asked for");
                    assertEquals(Loopback.V4, bound.getAddress());
                    assertFalse(s.isListening());
                    s.setOption(StandardSocketOptions.SO_RCVBUF, 32 * 1024); // between bind and listen: kept
                    s.listen(5);
                    assertEquals(bound, Loopback.address(s), "listen keeps the bound address and port");
                    assertTrue(s.option(StandardSocketOptions.SO_RCVBUF) >= 32 * 1024);
                    try (TcpSock c = Loopback.connectTo(s); TcpSock a = s.accept()) {
                        c.sendAll(bytes("bound"));
                        assertEquals("bound", new String(a.recvExact(5), UTF_8));
                    }
                }
            });
        }
    }

    @Test
    void aBoundSocketConnectsFromItsAddress() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock server = Loopback.listener(); TcpSock c = TcpSock.create()) {
                    c.bind(new InetSocketAddress(Loopback.V4, 0));
                    InetSocketAddress source = Loopback.address(c);
                    c.connect(Loopback.address(server));
                    try (TcpSock a = server.accept()) {
                        assertEquals(source, a.peerAddress());
                        assertEquals(source, c.localAddress());
                    }
                }
            });
        }
    }

    @Test
    void closingABoundSocketFreesItsPortAndItsDescriptor() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                TcpSock s = TcpSock.create();
                LoopbackPorts.bind(port -> {
                    s.bind(new InetSocketAddress(Loopback.V4, port));
                    return s;
                });
                InetSocketAddress bound = Loopback.address(s);
                s.close();
                assertThrows(ClosedError.class, s::localAddress);
                try (TcpSock again = TcpSock.create()) {
                    again.bind(bound);
                    again.listen(5);
                    assertEquals(bound, Loopback.address(again));
                }
            });
        }
    }

    @Test
    void whereAllShowsAListenerWithItsAddress() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            String where = loop.call(() -> {
                try (TcpSock server = Loopback.listener()) {
                    Coro acceptor = Coro.spawn("acceptor", () -> {
                        try {
                            server.accept().close();
                        } catch (ClosedError e) {
                            // closed below
                        }
                    });
                    Coro.yieldSlice();
                    String all = Coro.whereAll().toString();
                    server.close();
                    acceptor.join();
                    return all;
                }
            });
            assertTrue(where.contains("listener /127.0.0.1:"), where);
        }
    }

    @Test
    void addressesAndOptionsAreReported() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock server = TcpSock.create()) {
                    server.setOption(StandardSocketOptions.TCP_NODELAY, true); // for accepted connections
                    LoopbackPorts.bind(port -> {
                        server.bind(new InetSocketAddress(Loopback.V4, port));
                        return server;
                    });
                    server.listen(5);
                    assertTrue(server.isListening());
                    assertTrue(server.option(StandardSocketOptions.SO_REUSEADDR), "bind turns reuse-address on");
                    TcpSock c = TcpSock.create();
                    c.setOption(StandardSocketOptions.SO_KEEPALIVE, true); // before the channel exists
                    c.connect(Loopback.address(server));
                    TcpSock a = server.accept();
                    assertTrue(c.option(StandardSocketOptions.SO_KEEPALIVE));
                    assertTrue(a.option(StandardSocketOptions.TCP_NODELAY));
                    assertEquals(c.localAddress(), a.peerAddress());
                    assertEquals(a.localAddress(), c.peerAddress());
                    assertEquals(Loopback.address(server), c.peerAddress());
                    assertTrue(a.isConnected());
                    c.close();
                    a.close();
                    assertFalse(a.isConnected());
                }
            });
        }
    }

    @Test
    void streamsViewsCarryDataForStreamLibraries() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock server = Loopback.listener()) {
                    TcpSock[] p = Loopback.pair(server);
                    DataOutputStream out = new DataOutputStream(p[0].outputStream());
                    out.writeUTF("über");
                    out.writeLong(42);
                    DataInputStream in = new DataInputStream(p[1].inputStream());
                    assertEquals("über", in.readUTF());
                    assertEquals(42, in.readLong());
                    out.close();
                    assertEquals(-1, in.read());
                    in.close();
                    assertTrue(p[1].isClosed());
                }
            });
        }
    }

    @Test
    void connectByHostNameUsesTheResolverAndRefusesNamesWithoutOne() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock server = Loopback.listener()) {
                    int port = Loopback.address(server).getPort();
                    for (String host : new String[] {"127.0.0.1", "localhost"}) {
                        try (TcpSock c = TcpSock.create()) {
                            c.connect(host, port);
                            server.accept().close();
                        }
                    }
                    try (TcpSock c = TcpSock.create()) {
                        UnknownHostException e = assertThrows(UnknownHostException.class,
                                () -> c.connect("echo.example", port));
                        assertTrue(e.getMessage().contains("Resolver.setDefault"), e.getMessage());
                    }
                    Resolver old = Resolver.setDefault(host -> List.of(Loopback.V4));
                    try (TcpSock c = TcpSock.create()) {
                        c.connect(InetSocketAddress.createUnresolved("echo.example", port));
                        server.accept().close();
                    } finally {
                        Resolver.setDefault(old);
                    }
                }
            });
        }
    }

    @Test
    void blockingCallsOutsideACoroFailWithAClearMessage() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            TcpSock server = loop.call(Loopback::listener);
            try {
                IllegalStateException e = assertThrows(IllegalStateException.class, server::accept);
                assertTrue(e.getMessage().contains("inside a coro"), e.getMessage());
            } finally {
                server.close();
            }
        }
    }

    @Test
    void misuseErrorsSayWhatToDo() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock fresh = TcpSock.create(); TcpSock server = Loopback.listener()) {
                    IllegalStateException e = assertThrows(IllegalStateException.class, () -> fresh.recv(1));
                    assertTrue(e.getMessage().contains("connect() first"), e.getMessage());
                    e = assertThrows(IllegalStateException.class, () -> server.send(ByteBuffer.allocate(1)));
                    assertTrue(e.getMessage().contains("accept()"), e.getMessage());
                    e = assertThrows(IllegalStateException.class, fresh::accept);
                    assertTrue(e.getMessage().contains("listen(backlog)"), e.getMessage());
                }
            });
        }
    }

    /** How often a ticker coro ran while {@code measured} ran in the calling coro (which it then returns). */
    static int ticksWhile(Body measured) throws Exception {
        boolean[] done = {false};
        int[] ticks = {0};
        Coro ticker = Coro.spawn("ticker", () -> {
            while (!done[0]) {
                ticks[0]++;
                Coro.yieldSlice();
            }
        });
        int during;
        try {
            Coro.yieldSlice(); // the ticker has started
            int before = ticks[0];
            measured.run();
            during = ticks[0] - before;
        } finally {
            done[0] = true; // a failure must not leave the ticker spinning the loop
        }
        ticker.join();
        return during;
    }

    /** Reads 1,000 times from a socket whose data is all there already; counts how often a ticker ran. */
    private static int ticksDuringReadyReads(int maxSelfishActs) throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            return loop.call(() -> {
                try (TcpSock server = Loopback.listener()) {
                    TcpSock[] p = Loopback.pair(server);
                    try (TcpSock c = p[0]; TcpSock a = p[1]) {
                        c.sendAll(new byte[20_000]); // more than the 1,001 reads below take
                        Coro.current().setMaxSelfishActs(maxSelfishActs);
                        a.recvExact(10); // the data has arrived
                        return ticksWhile(() -> {
                            for (int i = 0; i < 1000; i++) {
                                a.recvExact(10);
                            }
                        });
                    }
                }
            });
        }
    }

    /** Accepts 10 connections that are all queued already; counts how often a ticker ran meanwhile. */
    private static int ticksDuringReadyAccepts(int maxSelfishActs) throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            return loop.call(() -> {
                List<TcpSock> all = new ArrayList<>();
                try (TcpSock server = Loopback.listener()) {
                    for (int i = 0; i < 10; i++) {
                        all.add(Loopback.connectTo(server));
                    }
                    Coro.current().setMaxSelfishActs(maxSelfishActs);
                    return ticksWhile(() -> {
                        for (int i = 0; i < 10; i++) {
                            all.add(server.accept());
                        }
                    });
                } finally {
                    for (TcpSock s : all) {
                        s.close();
                    }
                }
            });
        }
    }

    @Test
    void anAcceptorWhoseAcceptsKeepFindingConnectionsYieldsAfterItsSelfishAllowance() throws Exception {
        // allowance 1: the 2nd, 4th... ready accept uses it up, so the 3rd, 5th, 7th and 9th yield first
        assertEquals(4, ticksDuringReadyAccepts(1));
        assertEquals(0, ticksDuringReadyAccepts(99));
    }

    @Test
    void aCoroWhoseReadsKeepFindingDataYieldsAfterItsSelfishAllowance() throws Exception {
        int defaultAllowance = ticksDuringReadyReads(4);   // yields before every 5th ready read
        assertTrue(defaultAllowance >= 195 && defaultAllowance <= 205, "ticks: " + defaultAllowance);
        int generous = ticksDuringReadyReads(99);          // every 100th
        assertTrue(generous >= 8 && generous <= 12, "ticks: " + generous);
    }
}
