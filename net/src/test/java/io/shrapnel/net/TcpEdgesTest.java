package io.shrapnel.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.LoopbackPorts;
import io.shrapnel.kernel.testing.TestLoop;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * TCP sockets and servers given what they cannot use: a resolver with no address, addresses of the
 * wrong kind, a port already taken, no loop. Real sockets on 127.0.0.1.
 */
@ExtendWith(CoroTestExtension.class)
class TcpEdgesTest {
    @Test
    void aResolverThatFindsNoAddressIsAnUnknownHost() throws Exception {
        Resolver before = Resolver.setDefault(host -> List.of());
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock s = TcpSock.create()) {
                    UnknownHostException e = assertThrows(UnknownHostException.class, () -> s.connect("nowhere.test", 80));
                    assertTrue(e.getMessage().contains("nowhere.test: the resolver returned no address"), e.getMessage());
                }
            });
        } finally {
            Resolver.setDefault(before);
        }
    }

    @Test
    void anUnresolvedAddressIsResolvedByTheResolverNotOnTheLoop() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock server = Loopback.listener();
                     TcpSock c = TcpSock.create()) {
                    c.connect(InetSocketAddress.createUnresolved("127.0.0.1", Loopback.address(server).getPort()));
                    try (TcpSock accepted = server.accept()) {
                        assertEquals(c.localAddress(), accepted.peerAddress());
                    }
                }
            });
        }
    }

    @Test
    void addressesATcpSockCannotUseAreRefusedWithTheFix() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock s = TcpSock.create()) {
                    IllegalArgumentException unix = assertThrows(IllegalArgumentException.class,
                            () -> s.bind(UnixDomainSocketAddress.of(Path.of("/tmp/x.sock"))));
                    assertTrue(unix.getMessage().contains("use a UnixSock"), unix.getMessage());
                    IllegalArgumentException unresolved = assertThrows(IllegalArgumentException.class,
                            () -> s.bind(InetSocketAddress.createUnresolved("example.test", 1)));
                    assertTrue(unresolved.getMessage().contains("is unresolved"), unresolved.getMessage());
                }
            });
        }
    }

    @Test
    void aServerOnATakenPortFailsNamingTheAddress() throws Exception {
        List<Scheduler> loops = Scheduler.startLoops("taken", 2);
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (TcpSock taken = Loopback.listener()) {
                    long open = TcpSock.stats().open();
                    BindException e = assertThrows(BindException.class, () -> TcpServer.start(Loopback.address(taken),
                            loops, TcpServer.Spread.HAND_OFF, 16, TcpServer.SessionStart.AT_ACCEPT, TcpSock::close));
                    assertTrue(e.getMessage().contains(String.valueOf(Loopback.address(taken).getPort())), e.getMessage());
                    assertEquals(open, TcpSock.stats().open(), "the server closed the listener it made");
                }
            });
        } finally {
            for (Scheduler l : loops) {
                l.close();
            }
        }
        assertThrows(IllegalArgumentException.class, () -> TcpServer.start(
                new InetSocketAddress(Loopback.V4, 1), List.of(), TcpSock::close));
    }

    @Test
    void aRaceBetweenAddressesMustRunInACoro() throws Exception {
        Resolver before = Resolver.setDefault(host -> List.of(Loopback.V6, Loopback.V4));
        try (TcpSock s = TcpSock.create()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.connect("two.test", 1));
            assertTrue(e.getMessage().contains("from inside a coro"), e.getMessage());
        } finally {
            Resolver.setDefault(before);
        }
    }
    @Test
    void aSocketBoundToAPortOnEveryAddressTakesConnectionsToAnAddressAndPort() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                int[] asked = new int[1];
                try (TcpSock server = LoopbackPorts.bind(port -> {
                    TcpSock s = TcpSock.create();
                    try {
                        asked[0] = port;
                        s.bind(port);
                        s.listen(5);
                        return s;
                    } catch (java.io.IOException | RuntimeException e) {
                        s.close();
                        throw e;
                    }
                }); TcpSock c = TcpSock.create()) {
                    InetSocketAddress at = Loopback.address(server);
                    assertTrue(at.getAddress().isAnyLocalAddress(), at.toString());
                    assertEquals(asked[0], at.getPort(), "bound to the port asked for");
                    c.connect(Loopback.V4, at.getPort());
                    try (TcpSock a = server.accept()) {
                        assertEquals(c.localAddress(), a.peerAddress());
                    }
                }
            });
        }
    }
}
