package io.shrapnel.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.ClosedError;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.LoopbackPorts;
import io.shrapnel.kernel.testing.TestLoop;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Socket options before the channel exists, options a socket cannot have, and a closed socket. Real sockets on 127.0.0.1. */
@ExtendWith(CoroTestExtension.class)
class SockOptionsTest {
    @Test
    void anOptionSetBeforeTheChannelExistsIsReadBackAndOneNeverSetCannotBeRead() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock s = TcpSock.create()) {
                    s.setOption(StandardSocketOptions.SO_RCVBUF, 65536);
                    assertEquals(65536, s.option(StandardSocketOptions.SO_RCVBUF));
                    IllegalStateException e = assertThrows(IllegalStateException.class,
                            () -> s.option(StandardSocketOptions.TCP_NODELAY));
                    assertTrue(e.getMessage().contains("is not open yet"), e.getMessage());
                }
            });
        }
    }

    @Test
    void anOptionAConnectionCannotHaveIsRefusedWhenItConnects() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock server = Loopback.listener(); TcpSock c = TcpSock.create()) {
                    c.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 3);
                    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                            () -> c.connect(Loopback.address(server)));
                    assertTrue(e.getMessage().contains("does not support the option IP_MULTICAST_TTL"), e.getMessage());
                }
                try (TcpSock server = Loopback.listener()) {
                    TcpSock[] pair = Loopback.pair(server);
                    try (TcpSock c = pair[0]; TcpSock a = pair[1]) {
                        assertThrows(UnsupportedOperationException.class,
                                () -> c.option(StandardSocketOptions.IP_MULTICAST_TTL));
                    }
                }
            });
        }
    }

    @Test
    void aClosedSocketRefusesOptionsAndReadinessCallbacks() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                TcpSock s = TcpSock.create();
                s.close();
                assertThrows(ClosedError.class, () -> s.setOption(StandardSocketOptions.SO_KEEPALIVE, true));
                ClosedError e = assertThrows(ClosedError.class,
                        () -> s.whenReadable(Coro.current().scheduler(), () -> { }));
                assertTrue(e.getMessage().startsWith("whenReadable on a closed TcpSock"), e.getMessage());
            });
        }
    }
    @Test
    void aListenerKeepsWhatWasSetWhileBoundAndPassesOnWhatOnlyConnectionsHave() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock l = LoopbackPorts.bind(port -> {
                    TcpSock s = TcpSock.create();
                    s.bind(new InetSocketAddress(Loopback.V4, port));
                    return s;
                })) {
                    l.setOption(StandardSocketOptions.SO_REUSEPORT, true); // bound, not listening: kept for listen
                    l.setOption(StandardSocketOptions.SO_RCVBUF, 1); // below the kernel's minimum
                    l.listen(5);
                    assertTrue(l.option(StandardSocketOptions.SO_REUSEPORT), "applied again to the listener");
                    int rcvbuf = l.option(StandardSocketOptions.SO_RCVBUF);
                    assertTrue(rcvbuf > 1, "read from the listener (raised to the kernel's minimum), not the kept 1: " + rcvbuf);
                    l.setOption(StandardSocketOptions.TCP_NODELAY, true); // a listener has none: passed on
                    assertTrue(l.option(StandardSocketOptions.TCP_NODELAY));
                    TcpSock[] pair = Loopback.pair(l);
                    try (TcpSock c = pair[0]; TcpSock a = pair[1]) {
                        assertTrue(a.option(StandardSocketOptions.TCP_NODELAY), "an accepted connection has it");
                        assertFalse(c.option(StandardSocketOptions.TCP_NODELAY));
                    }
                }
            });
        }
    }

    @Test
    void anOptionThatAnAcceptedConnectionRefusesFailsTheAcceptAndClosesIt() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock l = Loopback.listener(); TcpSock c = Loopback.connectTo(l)) {
                    l.setOption(StandardSocketOptions.SO_SNDBUF, -1); // a listener has none: checked at accept
                    assertThrows(IllegalArgumentException.class, l::accept);
                    byte[] end = Coro.withTimeout(Duration.ofSeconds(10), () -> c.recv(10));
                    assertEquals(0, end.length, "the refused connection was closed");
                }
            });
        }
    }

    @Test
    void aSocketSaysWhenItIsClosed() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                TcpSock s = TcpSock.create();
                assertEquals("TcpSock", s.toString());
                s.close();
                assertEquals("TcpSock (closed)", s.toString());
            });
        }
    }
    @Test
    void anOptionAnOpenChannelDoesNotHaveIsRefusedAtOnce() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock server = Loopback.listener()) {
                    TcpSock[] pair = Loopback.pair(server);
                    try (TcpSock c = pair[0]; TcpSock a = pair[1]) {
                        assertThrows(UnsupportedOperationException.class,
                                () -> c.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 3));
                    }
                }
                try (UdpSock u = UdpSock.create()) {
                    assertThrows(UnsupportedOperationException.class,
                            () -> u.setOption(StandardSocketOptions.TCP_NODELAY, true));
                    u.setOption(StandardSocketOptions.SO_RCVBUF, 1); // one it has: set on the channel
                    int rcvbuf = u.option(StandardSocketOptions.SO_RCVBUF);
                    assertTrue(rcvbuf > 1, "raised to the kernel's minimum: " + rcvbuf);
                }
            });
        }
    }
}
