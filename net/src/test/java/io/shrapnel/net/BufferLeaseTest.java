package io.shrapnel.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.YieldFromMain;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.net.internal.BufferPool;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The array-free receive: a pooled direct buffer lent per read and given back on close. */
@ExtendWith(CoroTestExtension.class)
class BufferLeaseTest {
    @Test
    void anEchoThroughLeasesMovesEveryByteInOrder() throws Exception {
        byte[] data = new byte[300_000];
        new SplittableRandom(3).nextBytes(data);
        try (TestLoop loop = TestLoop.create()) {
            byte[] back = loop.call(() -> {
                try (TcpSock server = Loopback.listener()) {
                    TcpSock[] p = Loopback.pair(server);
                    try (TcpSock client = p[0]; TcpSock served = p[1]) {
                        Coro echo = Coro.spawn("echo", () -> {
                            while (true) {
                                try (BufferLease in = served.recvLease(16 * 1024)) {
                                    if (in.isEndOfStream()) {
                                        served.shutdown(Direction.WRITE);
                                        return;
                                    }
                                    assertTrue(in.buffer().isDirect());
                                    served.sendAll(in.buffer());
                                }
                            }
                        });
                        Coro.spawn("sender", () -> {
                            client.sendAll(data);
                            client.shutdown(Direction.WRITE);
                        });
                        ByteArrayOutputStream got = new ByteArrayOutputStream();
                        byte[] b;
                        while ((b = client.recv(65536)).length > 0) {
                            got.write(b);
                        }
                        echo.join();
                        return got.toByteArray();
                    }
                }
            });
            assertArrayEquals(data, back);
        }
    }

    @Test
    void aClosedLeaseGivesItsBufferBackForTheNextReceive() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock server = Loopback.listener()) {
                    TcpSock[] p = Loopback.pair(server);
                    try (TcpSock a = p[0]; TcpSock b = p[1]) {
                        BufferPool pool = BufferPool.of(Coro.current().scheduler());
                        a.sendAll("first".getBytes(UTF_8));
                        BufferLease first = b.recvLease(100);
                        ByteBuffer lent = first.buffer();
                        assertEquals("first", new String(first.toArray(), UTF_8));
                        assertEquals(5, first.length());
                        first.close();
                        first.close(); // idempotent
                        IllegalStateException e = assertThrows(IllegalStateException.class, first::buffer);
                        assertTrue(e.getMessage().contains("closed"), e.getMessage());
                        long allocated = pool.allocated();
                        a.sendAll("second".getBytes(UTF_8));
                        try (BufferLease second = b.recvLease(100)) {
                            assertSame(lent, second.buffer(), "the same 4 KiB buffer, reused");
                            assertEquals("second", new String(second.toArray(), UTF_8));
                            assertEquals(0, second.buffer().position());
                            assertEquals(6, second.buffer().limit());
                        }
                        assertEquals(allocated, pool.allocated(), "no allocation for a reused buffer");
                        a.close();
                        try (BufferLease end = b.recvLease(100)) {
                            assertTrue(end.isEndOfStream());
                            assertEquals(0, end.buffer().remaining());
                        }
                    }
                }
            });
        }
    }

    @Test
    void aLargeMaximumReadsAtMost64KibAndTheIdlePoolIsBounded() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock server = Loopback.listener()) {
                    TcpSock[] p = Loopback.pair(server);
                    try (TcpSock a = p[0]; TcpSock b = p[1]) {
                        BufferPool pool = BufferPool.of(Coro.current().scheduler());
                        a.sendAll(new byte[200_000]);
                        BufferLease[] held = new BufferLease[BufferPool.MAX_IDLE + 5];
                        for (int i = 0; i < held.length; i++) {
                            a.sendAll(new byte[10]); // keeps the socket readable
                            held[i] = b.recvLease(1 << 20);
                            assertTrue(held[i].length() <= BufferPool.MAX_SIZE, held[i].toString());
                            assertEquals(BufferPool.MAX_SIZE, held[i].buffer().capacity());
                        }
                        for (BufferLease l : held) {
                            l.close();
                        }
                        assertTrue(pool.idle() <= BufferPool.MAX_IDLE, "idle " + pool.idle());
                    }
                }
            });
        }
    }

    @Test
    void misuseFailsWithMessagesThatSayWhatToDo() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> TcpSock.create().recvLease(0));
        try (TestLoop loop = TestLoop.create(); TestLoop other = TestLoop.create()) {
            BufferLease lease = loop.call(() -> {
                try (TcpSock server = Loopback.listener()) {
                    TcpSock[] p = Loopback.pair(server);
                    try (TcpSock a = p[0]; TcpSock b = p[1]) {
                        a.sendAll(new byte[] {1});
                        return b.recvLease(10);
                    }
                }
            });
            assertEquals("BufferLease[1 bytes]", lease.toString());
            IllegalStateException e = assertThrows(IllegalStateException.class, lease::close);
            assertTrue(e.getMessage().contains("close it in a coro of that loop"), e.getMessage());
            assertTrue(e.getMessage().endsWith("not from " + Thread.currentThread()), e.getMessage());
            other.run(() -> {
                IllegalStateException wrongLoop = assertThrows(IllegalStateException.class, lease::close);
                assertTrue(wrongLoop.getMessage().endsWith("not from " + Coro.current()), wrongLoop.getMessage());
            });
            loop.run(lease::close);
            assertEquals("BufferLease[1 bytes, closed]", lease.toString());
            TcpSock[] kept = new TcpSock[2];
            loop.run(() -> {
                TcpSock server = Loopback.listener();
                kept[0] = server;
                kept[1] = Loopback.pair(server)[1];
            });
            assertThrows(YieldFromMain.class, () -> kept[1].recvLease(10));
            for (TcpSock s : kept) {
                s.close();
            }
        }
    }
}
