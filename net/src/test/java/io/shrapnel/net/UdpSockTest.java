package io.shrapnel.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.ClosedError;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.TimeoutError;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CoroTestExtension.class)
class UdpSockTest {
    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    private static void pingPong(InetAddress loopback) throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (UdpSock server = Loopback.udp(loopback); UdpSock client = Loopback.udp(loopback)) {
                    Coro echo = Coro.spawn("udp-echo", () -> {
                        Datagram d = server.recvFrom(1500);
                        server.sendTo(d.data(), d.sender());
                    });
                    client.sendTo(bytes("ping"), server.localAddress());
                    Datagram back = client.recvFrom(1500);
                    assertEquals("ping", new String(back.data(), UTF_8));
                    assertEquals("Datagram[4 bytes from " + server.localAddress() + "]", back.toString());
                    assertEquals(server.localAddress(), back.sender());
                    echo.join();
                }
            });
        }
    }

    @Test
    void sendToAndRecvFromCarryDatagramsAndTheirSenderOverIpv4() throws Exception {
        pingPong(Loopback.V4);
    }

    @Test
    void sendToAndRecvFromWorkOverIpv6() throws Exception {
        pingPong(Loopback.V6);
    }

    @Test
    void aConnectedSocketSendsAndReceivesWithItsOnePeer() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (UdpSock a = Loopback.udp(Loopback.V4); UdpSock b = Loopback.udp(Loopback.V4)) {
                    a.connect(b.localAddress());
                    b.connect(a.localAddress());
                    assertEquals(b.localAddress(), a.peerAddress());
                    long out = UdpSock.stats().bytesOut();
                    a.send(bytes("one"));
                    assertEquals(3, UdpSock.stats().bytesOut() - out);
                    assertEquals("one", new String(b.recv(100), UTF_8));
                    b.send(bytes("two"));
                    assertEquals("two", new String(a.recv(100), UTF_8));
                }
            });
        }
    }

    @Test
    void aDatagramLongerThanTheBufferIsCutToFit() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (UdpSock a = Loopback.udp(Loopback.V4); UdpSock b = Loopback.udp(Loopback.V4)) {
                    a.sendTo(bytes("0123456789"), b.localAddress());
                    assertEquals("0123", new String(b.recvFrom(4).data(), UTF_8));
                }
            });
        }
    }

    @Test
    void aTimedOutRecvFromLeavesNothingRegisteredAndCloseWakesTheNextOne() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                UdpSock s = Loopback.udp(Loopback.V4);
                assertThrows(TimeoutError.class, () -> Coro.withTimeout(Duration.ofSeconds(2), () -> s.recvFrom(10)));
                assertTrue(Coro.eventMap().isEmpty(), "left behind: " + Coro.eventMap());
                Throwable[] seen = {null};
                Coro reader = Coro.spawn("reader", () -> {
                    try {
                        s.recvFrom(10);
                    } catch (ClosedError e) {
                        seen[0] = e;
                    }
                });
                Coro.yieldSlice();
                s.close();
                reader.join();
                assertTrue(seen[0] instanceof ClosedError, "reader got " + seen[0]);
                s.close();
            });
        }
    }

    @Test
    void sendAndRecvOnAnUnconnectedSocketSayWhatToUseInstead() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (UdpSock s = UdpSock.create()) {
                    IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.send(bytes("x")));
                    assertTrue(e.getMessage().contains("sendTo"), e.getMessage());
                    e = assertThrows(IllegalStateException.class, () -> s.recv(1));
                    assertTrue(e.getMessage().contains("recvFrom"), e.getMessage());
                }
            });
        }
    }
    @Test
    void aDatagramReceivedIntoABufferLandsAfterWhatIsThereAndOnlyItIsCounted() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (UdpSock a = Loopback.udp(Loopback.V4); UdpSock b = Loopback.udp(Loopback.V4)) {
                    assertTrue(b.toString().startsWith("UdpSock /127.0.0.1:"), b.toString());
                    a.sendTo(bytes("datagram"), b.localAddress());
                    java.nio.ByteBuffer dst = java.nio.ByteBuffer.allocate(100).put(bytes("kept:"));
                    long in = UdpSock.stats().bytesIn();
                    assertEquals(a.localAddress(), b.recvFromInto(dst));
                    assertEquals("kept:datagram", new String(dst.array(), 0, dst.position(), UTF_8));
                    assertEquals(8, UdpSock.stats().bytesIn() - in);
                }
            });
        }
    }
    @Test
    void aSocketThatCannotBindIsClosed() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                long open = UdpSock.stats().open();
                // 192.0.2.1 (TEST-NET-1) is no address of this host
                assertThrows(java.net.BindException.class,
                        () -> UdpSock.bound(new InetSocketAddress(InetAddress.ofLiteral("192.0.2.1"), 5353)));
                assertEquals(open, UdpSock.stats().open());
            });
        }
    }

    @Test
    void aReaderWhoseDatagramsAreAllThereYieldsAfterItsSelfishAllowance() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (UdpSock a = Loopback.udp(Loopback.V4); UdpSock b = Loopback.udp(Loopback.V4)) {
                    for (int i = 0; i < 20; i++) {
                        a.sendTo(bytes("d" + i), b.localAddress());
                    }
                    Coro.current().setMaxSelfishActs(99);
                    assertEquals(0, TcpSockTest.ticksWhile(() -> {
                        for (int i = 0; i < 10; i++) {
                            b.recvFrom(10);
                        }
                    }));
                    Coro.current().setMaxSelfishActs(1);
                    // allowance 1: the 2nd, 4th... ready receive uses it up, so the 3rd, 5th, 7th and 9th yield first
                    assertEquals(4, TcpSockTest.ticksWhile(() -> {
                        for (int i = 0; i < 10; i++) {
                            b.recvFrom(10);
                        }
                    }));
                }
            });
        }
    }
}
