package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import io.shrapnel.kernel.testing.LoopbackPorts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A channel that stays ready while nobody waits on it must not keep the loop awake: the poller drops
 * the interest it no longer needs, so the loop sleeps through a coro's sleep in a few passes.
 */
@ExtendWith(CoroTestExtension.class)
class PollerIdleInterestTest {
    /** Passes the loop makes while the calling coro sleeps 200 ms (a handful when the loop sleeps too). */
    private static long passesDuringASleep(Scheduler s) {
        long before = s.stats().passes();
        Coro.sleep(Duration.ofMillis(200));
        return s.stats().passes() - before;
    }

    @Test
    void unreadBytesWithNoReaderLeft() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                Pipe p = Pipe.open();
                p.source().configureBlocking(false);
                Poller.Registration r = loop.scheduler().poller().register(p.source());
                assertEquals("Registration[" + p.source() + "]", r.toString());
                assertEquals(p.source(), r.channel());
                p.sink().write(ByteBuffer.wrap(new byte[] {1}));
                r.awaitReadable(); // woken; the byte stays unread
                long passes = passesDuringASleep(loop.scheduler());
                assertTrue(passes < 20, "the loop spun " + passes + " passes on a readable channel nobody reads");
                r.close();
                p.sink().close();
            });
        }
    }

    @Test
    void aWritableChannelWithNoWriterLeft() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                Pipe p = Pipe.open();
                p.sink().configureBlocking(false);
                Poller.Registration r = loop.scheduler().poller().register(p.sink());
                assertNull(r.writer());
                r.awaitWritable(); // a pipe with room: woken at once
                long passes = passesDuringASleep(loop.scheduler());
                assertTrue(passes < 20, "the loop spun " + passes + " passes on a writable channel nobody writes");
                r.close();
                p.source().close();
            });
        }
    }

    @Test
    void aWriterWaitingForRoomIsShownUntilThereIsRoom() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Pipe p = Pipe.open();
                p.sink().configureBlocking(false);
                p.source().configureBlocking(false);
                ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
                while (p.sink().write(chunk.clear()) > 0) {
                    // fill the pipe
                }
                Poller.Registration r = loop.scheduler().poller().register(p.sink());
                Coro writer = Coro.spawn("writer", r::awaitWritable);
                Coro.yieldSlice();
                assertEquals(writer, r.writer());
                ByteBuffer drain = ByteBuffer.allocate(1 << 16);
                while (p.source().read(drain.clear()) > 0) {
                    // make room
                }
                Coro.withTimeout(Duration.ofMinutes(1), writer::join);
                assertNull(r.writer());
                r.close();
                p.source().close();
            });
        }
    }

    @Test
    void aReadinessActionRunsOnBytesNotWhenTheSocketIsOnlyWritable() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                Poller poller = loop.scheduler().poller();
                try (ServerSocketChannel server = ServerSocketChannel.open()) {
                    LoopbackPorts.bind(port -> server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
                    SocketChannel client = SocketChannel.open(server.getLocalAddress()); // blocking connect on loopback
                    SocketChannel accepted = server.accept();
                    client.configureBlocking(false);
                    Poller.Registration r = poller.register(client);
                    int[] ran = new int[1];
                    r.onReadable(() -> ran[0]++);
                    Coro.withTimeout(Duration.ofMinutes(1), r::awaitWritable); // write-ready, nothing to read
                    for (int i = 0; i < 5; i++) {
                        Coro.sleep(Duration.ofMillis(1)); // passes in which the socket stays writable
                    }
                    assertEquals(0, ran[0], "the action ran with nothing to read");
                    accepted.write(ByteBuffer.wrap(new byte[] {1}));
                    Coro.withTimeout(Duration.ofMinutes(1), () -> {
                        while (ran[0] == 0) {
                            Coro.sleep(Duration.ofMillis(1));
                        }
                    });
                    assertEquals(1, ran[0]);
                    r.close();
                    accepted.close();
                }
            });
        }
    }

    @Test
    void thePollersOwnWaitsTakeAListenerAsReadableWhenAConnectionWaitsAndASinkAsWritable() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                Poller poller = loop.scheduler().poller();
                try (ServerSocketChannel server = ServerSocketChannel.open()) {
                    LoopbackPorts.bind(port -> server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
                    server.configureBlocking(false);
                    try (SocketChannel client = SocketChannel.open(server.getLocalAddress())) {
                        Coro.withTimeout(Duration.ofMinutes(1), () -> poller.awaitReadable(server)); // OP_ACCEPT
                        try (SocketChannel accepted = server.accept()) {
                            assertEquals(client.getLocalAddress(), accepted.getRemoteAddress());
                        }
                    }
                    poller.close(server);
                }
                Pipe p = Pipe.open();
                p.sink().configureBlocking(false);
                Coro.withTimeout(Duration.ofMinutes(1), () -> poller.awaitWritable(p.sink()));
                poller.close(p.sink());
                p.source().close();
            });
        }
    }
}
