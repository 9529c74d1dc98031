package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.LoopbackPorts;
import io.shrapnel.kernel.testing.TestLoop;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Closing a registered listening channel releases its descriptor before {@code close} returns. The
 * JDK would keep it open (still completing handshakes into the backlog) until the selector's next
 * select.
 */
@ExtendWith(CoroTestExtension.class)
class PollerListenerCloseTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void aClosedListenerRefusesTheNextConnectAtOnce() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                Poller poller = Coro.current().scheduler().poller();
                ServerSocketChannel server = ServerSocketChannel.open();
                LoopbackPorts.bind(port -> server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
                server.configureBlocking(false);
                SocketAddress at = server.getLocalAddress();
                Poller.Registration listening = poller.register(server);
                Coro waiter = Coro.spawn(() -> assertThrows(ClosedError.class, listening::awaitReadable));
                Coro.yieldSlice(); // registered with OP_ACCEPT, the waiter parked
                listening.close();
                try (SocketChannel client = SocketChannel.open()) {
                    client.configureBlocking(false);
                    assertThrows(ConnectException.class, () -> {
                        if (!client.connect(at)) {
                            Coro.withTimeout(PATIENCE, () -> poller.awaitConnectable(client));
                            client.finishConnect();
                        }
                    }, "the listener's descriptor is closed, so loopback refuses the connect");
                }
                waiter.join();
            });
        }
    }
}
