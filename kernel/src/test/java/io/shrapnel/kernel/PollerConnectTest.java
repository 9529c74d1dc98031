package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.LoopbackPorts;
import io.shrapnel.kernel.testing.TestLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The poller with TCP on loopback: connect, accept (a listener is readable when it can accept), write, close. */
@ExtendWith(CoroTestExtension.class)
class PollerConnectTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void aCoroConnectsAcceptsWritesAndClosesThroughThePoller() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                Poller poller = Coro.current().scheduler().poller();
                try (ServerSocketChannel server = ServerSocketChannel.open()) {
                    LoopbackPorts.bind(port -> server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
                    server.configureBlocking(false);
                    Poller.Registration listening = poller.register(server);
                    assertSame(listening, poller.register(server), "one registration per channel");
                    assertSame(server, listening.channel());
                    assertEquals("Registration[" + server + "]", listening.toString());

                    SocketChannel client = SocketChannel.open();
                    client.configureBlocking(false);
                    if (!client.connect(server.getLocalAddress())) {
                        Coro.withTimeout(PATIENCE, () -> poller.awaitConnectable(client));
                        assertTrue(client.finishConnect());
                    }
                    SocketChannel first;
                    while ((first = server.accept()) == null) {
                        Coro.withTimeout(PATIENCE, listening::awaitReadable); // OP_ACCEPT for a listener
                    }
                    SocketChannel accepted = first;
                    assertEquals(client.getLocalAddress(), accepted.getRemoteAddress());
                    accepted.configureBlocking(false);

                    Poller.Registration c = poller.register(client);
                    Coro.withTimeout(PATIENCE, c::awaitWritable); // an empty send buffer: at once
                    assertEquals(2, client.write(ByteBuffer.wrap(new byte[] {1, 2})));
                    ByteBuffer got = ByteBuffer.allocate(2);
                    while (got.hasRemaining()) {
                        if (accepted.read(got) == 0) {
                            Coro.withTimeout(PATIENCE, () -> poller.awaitReadable(accepted));
                        }
                    }
                    assertEquals(1, got.get(0));
                    assertEquals(2, got.get(1));

                    try (SocketChannel second = SocketChannel.open()) { // through a registration this time
                        second.configureBlocking(false);
                        Poller.Registration sr = poller.register(second);
                        if (!second.connect(server.getLocalAddress())) {
                            Coro.withTimeout(PATIENCE, sr::awaitConnectable);
                            assertTrue(second.finishConnect());
                        }
                        assertTrue(second.isConnected());
                    }

                    poller.close(accepted); // never registered: closed as it is
                    assertFalse(accepted.isOpen());
                    poller.close(client); // through its registration
                    assertFalse(client.isOpen());
                    assertThrows(ClosedError.class, () -> poller.register(client), "a closed channel");
                }
            });
        }
    }

    @Test
    void aRegistrationClosedFromAnotherThreadIsClosedOnItsLoop() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                Poller poller = Coro.current().scheduler().poller();
                java.nio.channels.Pipe p = java.nio.channels.Pipe.open();
                p.source().configureBlocking(false);
                Poller.Registration r = poller.register(p.source());
                Coro.offload(() -> {
                    r.close(); // posted to the loop
                    return null;
                });
                Coro.withTimeout(PATIENCE, () -> {
                    while (p.source().isOpen()) {
                        Coro.yieldSlice();
                    }
                });
                assertFalse(p.source().isOpen());
                p.sink().close();
            });
        }
    }
}
