package io.shrapnel.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.LoopbackPorts;
import io.shrapnel.kernel.testing.TestLoop;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A closed listening socket is gone at once, as in the original: once {@code close()} (and, for a
 * server, {@code join()}) returned, a client's connect is refused and the port can be bound again.
 * The JDK keeps the descriptor of a channel registered with a selector open until that selector's
 * next select, so without care the kernel would go on completing handshakes into the backlog.
 */
@ExtendWith(CoroTestExtension.class)
class ListenerCloseTest {
    @Test
    void aClosedServerRefusesConnectionsAndFreesItsPortBeforeJoinReturns() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                TcpServer server = LoopbackPorts.bind(port -> TcpServer.start(new InetSocketAddress(Loopback.V4, port),
                        List.of(Coro.current().scheduler()), TcpSock::close));
                InetSocketAddress at = server.address();
                try (TcpSock before = TcpSock.create()) {
                    before.connect(at); // it listens (and the acceptor is parked in the selector)
                }
                server.close();
                server.join();
                try (TcpSock after = TcpSock.create()) {
                    assertThrows(ConnectException.class, () -> after.connect(at), "connect to a closed server");
                }
                try (TcpSock again = TcpSock.create()) {
                    again.bind(at); // the port is free again
                    again.listen(8);
                    assertEquals(at.getPort(), ((InetSocketAddress) again.localAddress()).getPort());
                }
            });
        }
    }

    @Test
    void aListenerClosedWhileItsCoroWaitsToAcceptIsGoneWhenCloseReturns() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                TcpSock listener = LoopbackPorts.bind(port -> {
                    TcpSock l = TcpSock.create();
                    l.bind(new InetSocketAddress(Loopback.V4, port));
                    return l;
                });
                listener.listen(8);
                InetSocketAddress at = (InetSocketAddress) listener.localAddress();
                Coro acceptor = Coro.spawn(() -> assertThrows(io.shrapnel.kernel.ClosedError.class, listener::accept));
                Coro.yieldSlice(); // the acceptor waits in the selector: the channel is registered
                listener.close();
                try (TcpSock after = TcpSock.create()) {
                    assertThrows(ConnectException.class, () -> after.connect(at), "connect to a closed listener");
                }
                acceptor.join();
            });
        }
    }
}
