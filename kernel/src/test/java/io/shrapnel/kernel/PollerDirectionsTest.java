package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.LoopbackPorts;
import io.shrapnel.kernel.testing.TestLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A wait on a channel ends when its own direction is ready, not the other one. */
@ExtendWith(CoroTestExtension.class)
class PollerDirectionsTest {
    private static final Duration LONG = Duration.ofMinutes(1);

    @Test
    void thePollersAwaitWritableWaitsForRoom() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                Pipe p = Pipe.open();
                p.sink().configureBlocking(false);
                p.source().configureBlocking(false);
                fill(p.sink());
                boolean[] woken = new boolean[1];
                Coro writer = Coro.spawn("writer", () -> {
                    loop.scheduler().poller().awaitWritable(p.sink());
                    woken[0] = true;
                });
                passes();
                assertFalse(woken[0], "a full pipe is not writable");
                ByteBuffer drain = ByteBuffer.allocate(1 << 16);
                while (p.source().read(drain.clear()) > 0) {
                    // make room
                }
                Coro.withTimeout(LONG, writer::join);
                assertEquals(true, woken[0]);
                loop.scheduler().poller().close(p.sink());
                p.source().close();
            });
        }
    }

    @Test
    void aReaderAndAWriterOfOneSocketAreEachWokenByTheirOwnDirection() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                try (ServerSocketChannel server = ServerSocketChannel.open()) {
                    LoopbackPorts.bind(port -> server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
                    SocketChannel client = SocketChannel.open(server.getLocalAddress()); // blocking connect on loopback
                    try (SocketChannel accepted = server.accept()) {
                        client.configureBlocking(false);
                        accepted.configureBlocking(false);
                        Poller.Registration r = loop.scheduler().poller().register(client);
                        fill(client);
                        Coro writer = Coro.spawn("writer", r::awaitWritable);
                        Coro reader = Coro.spawn("reader", r::awaitReadable);
                        passes();
                        assertSame(writer, r.writer());
                        assertSame(reader, r.reader());

                        accepted.write(ByteBuffer.wrap(new byte[] {1}));
                        Coro.withTimeout(LONG, reader::join);
                        passes();
                        assertFalse(writer.isDead(), "bytes to read do not wake a writer");
                        assertSame(writer, r.writer());

                        assertEquals(1, client.read(ByteBuffer.allocate(8)));
                        Coro reader2 = Coro.spawn("reader2", r::awaitReadable);
                        ByteBuffer drain = ByteBuffer.allocate(1 << 16);
                        Coro.withTimeout(LONG, () -> {
                            while (!writer.isDead()) {
                                while (accepted.read(drain.clear()) > 0) {
                                    // make room in the client's send buffer
                                }
                                Coro.sleep(Duration.ofMillis(1));
                            }
                        });
                        assertNull(r.writer());
                        passes();
                        assertFalse(reader2.isDead(), "room to write does not wake a reader");
                        assertSame(reader2, r.reader());
                        accepted.write(ByteBuffer.wrap(new byte[] {2}));
                        Coro.withTimeout(LONG, reader2::join);
                        assertNull(r.reader());
                        r.close();
                    }
                }
            });
        }
    }

    /** Writes until the channel takes no more. */
    private static void fill(java.nio.channels.WritableByteChannel ch) throws java.io.IOException {
        ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
        while (ch.write(chunk.clear()) > 0) {
            // fill
        }
    }

    /** A few loop passes in which the other coros run and the loop selects. */
    private static void passes() {
        for (int i = 0; i < 5; i++) {
            Coro.sleep(Duration.ofMillis(1));
        }
    }
}
