package io.shrapnel.net;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.YieldFromMain;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.net.internal.BufferPool;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A stream socket used for what it no longer is (connected, listening) and at the edges of its
 * counts: recv(0), acceptMany(1), a receive larger than the loop's scratch buffer. Real sockets on 127.0.0.1.
 */
@ExtendWith(CoroTestExtension.class)
class StreamStateTest {
    @Test
    void aConnectedSocketCannotConnectBindOrListenAgain() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock server = Loopback.listener()) {
                    TcpSock[] pair = Loopback.pair(server);
                    try (TcpSock c = pair[0]; TcpSock a = pair[1]) {
                        InetSocketAddress to = Loopback.address(server);
                        IllegalStateException again = assertThrows(IllegalStateException.class, () -> c.connect(to));
                        assertTrue(again.getMessage().contains("which is already connected; create a new socket"),
                                again.getMessage());
                        assertThrows(IllegalStateException.class, () -> c.bind(new InetSocketAddress(Loopback.V4, 1)));
                        assertThrows(IllegalStateException.class, () -> c.listen(5));
                        IllegalStateException listening = assertThrows(IllegalStateException.class, () -> server.connect(to));
                        assertTrue(listening.getMessage().contains("which is already listening"), listening.getMessage());
                        assertThrows(IllegalStateException.class, () -> server.connect("127.0.0.1", to.getPort()));
                    }
                }
            });
        }
    }

    @Test
    void countsAtTheirEdges() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock server = Loopback.listener()) {
                    TcpSock c1 = Loopback.connectTo(server);
                    TcpSock c2 = Loopback.connectTo(server);
                    var first = server.acceptMany(1);
                    assertEquals(1, first.size(), "acceptMany(1) takes one though two wait");
                    var second = server.acceptMany(1);
                    try (c1; c2; TcpSock a = first.getFirst(); TcpSock b = second.getFirst()) {
                        byte[] none = io.shrapnel.kernel.Coro.withTimeout(java.time.Duration.ofSeconds(10), () -> a.recv(0));
                        assertEquals(0, none.length, "recv(0) with nothing to read does not wait");
                        c1.sendAll("x".getBytes(US_ASCII));
                        assertEquals(0, a.recv(0).length);
                        byte[] big = new byte[200_000];
                        java.util.Arrays.fill(big, (byte) 7);
                        io.shrapnel.kernel.Coro sender = io.shrapnel.kernel.Coro.spawn(() -> c2.sendAll(big));
                        int got = 0;
                        while (got < big.length) {
                            byte[] part = b.recv(1 << 20);
                            assertTrue(part.length > 0);
                            got += part.length;
                        }
                        sender.join();
                        assertEquals(big.length, got);
                        assertEquals("x", new String(a.recvExact(1), US_ASCII));
                    }
                }
            });
        }
    }
    @Test
    void outsideACoroRecvTakesWhatHasComeAndRefusesToWait() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            TcpSock[] pair = loop.call(() -> {
                try (TcpSock server = Loopback.listener()) {
                    TcpSock[] p = Loopback.pair(server);
                    p[0].sendAll("hello".getBytes(US_ASCII));
                    return p;
                }
            });
            try {
                // on the loop's thread between two runs: no coro, so no loop scratch and no waiting
                assertEquals("hel", new String(pair[1].recv(3), US_ASCII));
                assertEquals("lo", new String(pair[1].recv(100), US_ASCII));
                YieldFromMain e = assertThrows(YieldFromMain.class, () -> pair[1].recv(100));
                assertTrue(e.getMessage().contains("must be called from inside a coro"), e.getMessage());
            } finally {
                loop.run(() -> {
                    pair[0].close();
                    pair[1].close();
                });
            }
        }
    }
    @Test
    void aBindThatFailsClosesItsChannel() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock server = Loopback.listener()) {
                    SockStats before = TcpSock.stats();
                    long fds = Descriptors.open();
                    for (int i = 0; i < 20; i++) {
                        try (TcpSock taken = TcpSock.create(); TcpSock bad = TcpSock.create()) {
                            java.net.BindException e = assertThrows(java.net.BindException.class,
                                    () -> taken.bind(Loopback.address(server)));
                            assertTrue(e.getMessage().endsWith(": " + Loopback.address(server)), e.getMessage());
                            bad.setOption(java.net.StandardSocketOptions.SO_RCVBUF, -1);
                            assertThrows(IllegalArgumentException.class, () -> bad.bind(new InetSocketAddress(Loopback.V4, 0)));
                        }
                    }
                    assertTrue(Descriptors.open() - fds < 10, "descriptors left open: " + Descriptors.describe());
                    assertEquals(before.open(), TcpSock.stats().open());
                }
            });
        }
    }
    @Test
    void sendTakesOneWriteAndSaysHowMuchWhileReadvAndWritevWaitForTheirPeer() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock server = Loopback.listener()) {
                    TcpSock[] pair = Loopback.pair(server);
                    try (TcpSock c = pair[0]; TcpSock a = pair[1]) {
                        ByteBuffer src = ByteBuffer.wrap(new byte[1 << 20]);
                        int n = c.send(src); // an array goes out through the 64 KiB loop scratch: one write
                        assertTrue(n > 0 && n <= 64 * 1024, "sent " + n);
                        assertEquals(n, src.position());
                        a.recvExact(n);

                        io.shrapnel.kernel.Coro.spawn(() -> c.sendAll("abc".getBytes(US_ASCII))); // runs once readv waits
                        ByteBuffer b1 = ByteBuffer.allocate(2);
                        ByteBuffer b2 = ByteBuffer.allocate(8);
                        assertEquals(3, a.readv(b1, b2));
                        assertEquals("abc", new String(b1.array(), US_ASCII) + (char) b2.get(0));

                        int big = 4 << 20; // more than the socket buffers hold: writev waits for the reader
                        io.shrapnel.kernel.Coro reader = io.shrapnel.kernel.Coro.spawn(() -> a.recvExact(big));
                        assertEquals(big, c.writev(ByteBuffer.allocate(big / 2), ByteBuffer.allocateDirect(big / 2)));
                        reader.join();
                    }
                }
            });
        }
    }

    @Test
    void aLeaseComesFromThePoolOfTheLoopItIsTakenOnAndGoesBackWhenTheReadFails() throws Exception {
        TcpSock moving;
        try (TestLoop first = TestLoop.create()) {
            moving = first.call(() -> {
                try (TcpSock server = Loopback.listener()) {
                    TcpSock[] p = Loopback.pair(server);
                    p[0].sendAll("one two".getBytes(US_ASCII));
                    p[0].close();
                    try (BufferLease l = p[1].recvLease(3)) { // the data is there: no wait, no registration
                        assertEquals("one", US_ASCII.decode(l.buffer()).toString());
                    }
                    BufferPool pool = BufferPool.of(io.shrapnel.kernel.Coro.current().scheduler());
                    assertEquals(1, pool.idle());
                    TcpSock[] q = Loopback.pair(server);
                    try (TcpSock c = q[0]; TcpSock a = q[1]) {
                        io.shrapnel.kernel.Coro.spawn(a::close); // runs once the lease below waits
                        assertThrows(io.shrapnel.kernel.ClosedError.class, () -> a.recvLease(100));
                        assertEquals(1, pool.idle(), "the buffer of the failed read went back");
                    }
                    return p[1];
                }
            });
        }
        try (TestLoop second = TestLoop.create(); TcpSock a = moving) {
            second.run(() -> {
                BufferPool pool = BufferPool.of(io.shrapnel.kernel.Coro.current().scheduler());
                try (BufferLease l = a.recvLease(100)) {
                    assertEquals(" two", US_ASCII.decode(l.buffer()).toString());
                    assertEquals(1, pool.allocated(), "taken from this loop's pool");
                }
                assertEquals(1, pool.idle());
            });
        }
    }
}
