package io.shrapnel.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.net.Conn;
import io.shrapnel.net.TcpSock;
import io.shrapnel.rpc.internal.Frame;
import io.shrapnel.rpc.internal.FrameBuffer;
import io.shrapnel.rpc.internal.FrameDecoder;
import io.shrapnel.rpc.internal.FrameEncoder;
import io.shrapnel.rpc.internal.FrameKind;
import io.shrapnel.rpc.test.Greeter;
import io.shrapnel.rpc.test.HelloReply;
import io.shrapnel.rpc.test.HelloRequest;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What one {@link Connection} does on its own, seen from a real loopback peer: its keepalive timings
 * (on a virtual clock, to the nanosecond), the answers to pings, the point where light traffic turns
 * busy, and buffers that stay the size of a frame while megabytes pass.
 */
class ConnectionTest {
    private static final HelloRequest OK = HelloRequest.newBuilder().setName("ok").build();
    /** No keepalive tick within a test: the activity counts and the busy state are the test's alone. */
    private static final RpcConfig NO_TICKS = RpcConfig.DEFAULT.withKeepalive(Duration.ofHours(1), Duration.ofHours(2));

    /** A listener on a free port of the test range. */
    static TcpSock listen(int port) throws IOException {
        TcpSock listener = TcpSock.create();
        listener.bind(new InetSocketAddress("127.0.0.1", port));
        listener.listen(1);
        return listener;
    }

    /**
     * Reads frames from {@code conn} until the end of the stream or until {@code until} says stop;
     * fails after 10 s (a peer that never answers).
     */
    static void readFrames(Conn conn, java.util.function.Predicate<Frame> until) throws Exception {
        Coro.withTimeout(Duration.ofSeconds(10), () -> {
            readFramesUnbounded(conn, until);
            return null;
        });
    }

    private static void readFramesUnbounded(Conn conn, java.util.function.Predicate<Frame> until) throws IOException {
        FrameDecoder decoder = new FrameDecoder(1 << 20);
        FrameBuffer in = new FrameBuffer(1024);
        try {
            for (int n; (n = conn.recvInto(in.room(4096))) > 0; ) {
                in.commit(n);
                for (Frame f; (f = decoder.next(in)) != null; ) {
                    if (until.test(f)) {
                        return;
                    }
                }
                in.compact();
            }
        } finally {
            in.release();
        }
    }

    /** Sends one PING frame carrying {@code number} to {@code conn}. */
    private static void ping(Conn conn, long number) throws IOException {
        FrameBuffer out = new FrameBuffer(64);
        try {
            FrameEncoder.writeLong(out, 0, FrameKind.PING, number);
            conn.sendAll(out.pending());
        } finally {
            out.release();
        }
    }

    @Test
    void aSilentPeerIsPingedEveryIntervalAndDroppedExactlyAtTheTimeout() throws Exception {
        RpcFixture.warmUp();
        long buffers = FrameBuffer.live();
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                int port = Ports.free();
                TcpSock listener = listen(port);
                List<Long> pings = new ArrayList<>();
                Coro peer = Coro.spawn("silent-peer", () -> { // reads everything, answers nothing
                    try (TcpSock conn = listener.accept()) {
                        readFrames(conn, f -> {
                            if (f.kind() == FrameKind.PING) {
                                try {
                                    pings.add(FrameEncoder.readLong(f.payload()));
                                } catch (IOException e) {
                                    throw new AssertionError(e);
                                }
                            }
                            return false;
                        });
                    }
                });
                RpcConfig config = RpcConfig.DEFAULT.withKeepalive(Duration.ofSeconds(1), Duration.ofSeconds(3));
                Channel channel = Channel.connect("127.0.0.1", port, config);
                long t0 = loop.clock().nanoTime(); // the connection started now: nothing heard since
                RpcException e = assertThrows(RpcException.class, () -> Greeter.client(channel).sayHello(OK));
                assertEquals(StatusCode.UNAVAILABLE, e.code());
                assertTrue(e.getMessage().contains("silent for 3000 ms (keepalive timeout 3000 ms)"), e.getMessage());
                peer.join();
                // a ping at each tick once an interval has passed in silence, stamped with the tick's time
                long second = Duration.ofSeconds(1).toNanos();
                assertEquals(List.of(t0 + second, t0 + 2 * second), pings);
                assertFalse(channel.isOpen());
                channel.close();
                listener.close();
            });
        }
        assertEquals(buffers, FrameBuffer.live(), "off-heap frame buffers left behind");
    }

    @Test
    void sixteenReadsAndWritesAreLightTrafficAndTheSeventeenthMakesTheConnectionBusy() throws Exception {
        RpcFixture.run(NO_TICKS, new TestGreeter(), (server, channel) -> {
            Connection conn = channel.connection();
            Greeter.Client c = Greeter.client(channel);
            // a unary call is one write (OPEN and the request, batched) and one read (reply and status)
            for (int i = 0; i < Connection.BUSY_ACTIVITY / 2; i++) {
                assertEquals("hello ok", c.sayHello(OK).getMessage());
            }
            assertTrue(conn.isIdle(), "16 reads and writes in an interval are light traffic");
            assertFalse(conn.hasWriter());
            assertEquals("hello ok", c.sayHello(OK).getMessage());
            assertFalse(conn.isIdle(), "the 17th write made the connection busy");
            assertTrue(conn.hasWriter());
        });
    }

    @Test
    void theClientAnswersTheServersPingWithItsNumber() throws Exception {
        RpcFixture.onLoop(() -> {
            int port = Ports.free();
            TcpSock listener = listen(port);
            long[] pong = new long[1];
            Coro server = Coro.spawn("pinging-server", () -> {
                try (TcpSock conn = listener.accept()) {
                    ping(conn, 0x1234_5678_9abcL);
                    readFrames(conn, f -> {
                        if (f.kind() != FrameKind.PONG) {
                            return false;
                        }
                        try {
                            pong[0] = FrameEncoder.readLong(f.payload());
                        } catch (IOException e) {
                            throw new AssertionError(e);
                        }
                        return true;
                    });
                }
            });
            Channel channel = Channel.connect("127.0.0.1", port);
            Connection conn = channel.connection();
            assertEquals("rpc connection 127.0.0.1:" + port, conn.toString());
            server.join();
            assertEquals(0x1234_5678_9abcL, pong[0]);
            RpcFixture.waitFor(() -> !channel.isOpen(), "the channel to see the server go");
            assertTrue(conn.toString().startsWith("rpc connection 127.0.0.1:" + port + " (closed: "), conn.toString());
            assertTrue(conn.toString().contains("the peer closed the connection"), conn.toString());
            channel.close();
            listener.close();
        });
    }

    @Test
    void theServerAnswersTheClientsPingWithItsNumber() throws Exception {
        RpcFixture.onLoop(() -> {
            int port = Ports.free();
            RpcServer server = RpcServer.start(new InetSocketAddress("127.0.0.1", port), RpcConfig.DEFAULT,
                    new TestGreeter());
            long[] pong = new long[1];
            try (TcpSock client = TcpSock.create()) {
                client.connect("127.0.0.1", port);
                ping(client, -42);
                readFrames(client, f -> {
                    try {
                        pong[0] = FrameEncoder.readLong(f.payload());
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                    return f.kind() == FrameKind.PONG;
                });
            }
            assertEquals(-42, pong[0]);
            server.close();
        });
    }

    private static long directMemory() {
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                return pool.getMemoryUsed();
            }
        }
        throw new AssertionError("no direct buffer pool");
    }

    @Test
    void aBusyConnectionsBuffersStayTheSizeOfABatchWhileMegabytesPass() throws Exception {
        String big = "z".repeat(100_000);
        int count = 120; // 12 MB each way through the server's writer and the client's reader
        RpcFixture.run(NO_TICKS, new TestGreeter(), (server, channel) -> {
            assertEquals("hello ok", Greeter.client(channel).sayHello(OK).getMessage());
            long before = directMemory();
            int got = 0;
            try (Responses<HelloReply> replies = Greeter.client(channel)
                    .repeat(HelloRequest.newBuilder().setName(big).setCount(count).build())) {
                for (HelloReply r; (r = replies.receive()) != null; got++) {
                    assertEquals(big.length() + 1 + Integer.toString(got).length(), r.getMessage().length());
                }
            }
            assertEquals(count, got);
            assertFalse(channel.connection().isIdle(), "busy: reader and writer keep their buffers");
            long grown = directMemory() - before;
            assertTrue(grown < 6 << 20, "direct memory grew by " + grown + " bytes");
        });
    }

    @Test
    void turningIdleKeepsTheReadersBufferWhileAFrameIsHalfThere() throws Exception {
        RpcFixture.onLoop(() -> {
            int port = Ports.free();
            TcpSock listener = listen(port);
            int busyAfter = Connection.BUSY_ACTIVITY / 2 + 1; // calls, each a write and a read
            boolean[] partSent = new boolean[1];
            boolean[] go = new boolean[1];
            Coro.spawn("fake-server", () -> { // answers each request; cuts the answer after the busy ones
                try (TcpSock conn = listener.accept()) {
                    FrameDecoder decoder = new FrameDecoder(1 << 20);
                    FrameBuffer in = new FrameBuffer(1024);
                    FrameBuffer out = new FrameBuffer(1024);
                    try {
                        int answered = 0;
                        for (int n; (n = conn.recvInto(in.room(4096))) > 0; ) {
                            in.commit(n);
                            for (Frame f; (f = decoder.next(in)) != null; ) {
                                if (f.kind() != FrameKind.MESSAGE) {
                                    continue;
                                }
                                FrameEncoder.write(out, f.callId(), FrameKind.MESSAGE, 0,
                                        HelloReply.newBuilder().setMessage("hi").build());
                                FrameEncoder.write(out, f.callId(), FrameKind.CLOSE, 0,
                                        Wire.trailer(StatusCode.OK, "", Metadata.EMPTY));
                                if (++answered > busyAfter) {
                                    ByteBuffer part = out.pending();
                                    part.limit(part.position() + 3);
                                    conn.sendAll(part);
                                    out.consume(3);
                                    partSent[0] = true;
                                    RpcFixture.waitFor(() -> go[0], "the connection to turn idle");
                                }
                                conn.sendAll(out.pending());
                                out.consume((int) out.pendingBytes());
                                out.compact();
                            }
                            in.compact();
                        }
                    } finally {
                        in.release();
                        out.release();
                    }
                }
            });
            Channel channel = Channel.connect("127.0.0.1", port, NO_TICKS);
            Connection conn = channel.connection();
            Greeter.Client c = Greeter.client(channel);
            for (int i = 0; i < busyAfter; i++) {
                assertEquals("hi", c.sayHello(OK).getMessage());
            }
            assertFalse(conn.isIdle());
            String[] reply = new String[1];
            Coro last = Coro.spawn("last-call", () -> reply[0] = c.sayHello(OK).getMessage());
            RpcFixture.waitFor(() -> partSent[0], "the first bytes of the reply");
            Coro.sleep(Duration.ofMillis(20)); // the reader takes them and waits for the rest
            conn.turnIdle();
            go[0] = true;
            last.join();
            assertEquals("hi", reply[0], "the bytes read before the idle turn are still there");
            assertTrue(conn.isOpen());
            channel.close();
            listener.close();
        });
    }
}
