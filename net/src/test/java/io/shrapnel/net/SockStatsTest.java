package io.shrapnel.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The counters behind the sockets' MXBeans move with what the sockets really did (test classes run one at a time). */
@ExtendWith(CoroTestExtension.class)
class SockStatsTest {
    private static SockStats delta(SockStats before, SockStats after) {
        return new SockStats(after.kind(), after.open() - before.open(), after.opened() - before.opened(),
                after.accepted() - before.accepted(), after.connected() - before.connected(),
                after.bytesIn() - before.bytesIn(), after.bytesOut() - before.bytesOut());
    }

    @Test
    void tcpCountsOpensAcceptsConnectsAndBytesBothWays() throws Exception {
        SockStats before = TcpSock.stats();
        SockStats[] whileOpen = new SockStats[1];
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock listener = Loopback.listener()) {
                    TcpSock[] pair = Loopback.pair(listener);
                    try (TcpSock client = pair[0]; TcpSock server = pair[1]) {
                        client.sendAll(new byte[100]);
                        server.sendAll(ByteBuffer.wrap(server.recvExact(100)));
                        client.writev(ByteBuffer.wrap(new byte[7]), ByteBuffer.wrap(new byte[3]));
                        server.recvExact(10);
                        client.recvExact(100);
                        whileOpen[0] = delta(before, TcpSock.stats());
                    }
                }
            });
        }
        assertEquals(new SockStats("TcpSock", 3, 3, 1, 1, 210, 210), whileOpen[0]);
        assertEquals(new SockStats("TcpSock", 0, 3, 1, 1, 210, 210), delta(before, TcpSock.stats()));
    }

    @Test
    void refusedConnectLeavesNothingOpen() throws Exception {
        SockStats before = TcpSock.stats();
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                InetSocketAddress gone;
                try (TcpSock listener = Loopback.listener()) {
                    gone = Loopback.address(listener);
                }
                try (TcpSock c = TcpSock.create()) {
                    c.connect("127.0.0.1", gone.getPort());
                } catch (java.net.ConnectException expected) {
                    // nobody listens there any more
                }
            });
        }
        SockStats d = delta(before, TcpSock.stats());
        assertEquals(0, d.open(), d.toString());
        assertEquals(0, d.connected(), d.toString());
    }

    @Test
    void unixAndUdpCountTheirOwnTraffic() throws Exception {
        SockStats unixBefore = UnixSock.stats();
        SockStats udpBefore = UdpSock.stats();
        Path dir = Files.createTempDirectory("sockstats");
        Path path = dir.resolve("s");
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (UnixSock listener = UnixSock.create()) {
                    listener.bind(path);
                    listener.listen(5);
                    Coro server = Coro.spawn(() -> {
                        try (UnixSock c = listener.accept()) {
                            c.sendAll(c.recvExact(5));
                        }
                    });
                    try (UnixSock client = UnixSock.create()) {
                        client.connect(path);
                        client.sendAll(new byte[5]);
                        client.recvExact(5);
                    }
                    server.join();
                }
                try (UdpSock a = Loopback.udp(Loopback.V4); UdpSock b = Loopback.udp(Loopback.V4)) {
                    a.sendTo(new byte[12], b.localAddress());
                    b.recvFrom(100);
                }
            });
        } finally {
            Files.deleteIfExists(path);
            Files.delete(dir);
        }
        assertEquals(new SockStats("UnixSock", 0, 3, 1, 1, 10, 10), delta(unixBefore, UnixSock.stats()));
        assertEquals(new SockStats("UdpSock", 0, 2, 0, 0, 12, 12), delta(udpBefore, UdpSock.stats()));
    }
}
