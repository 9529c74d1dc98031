package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.LoopbackPorts;
import io.shrapnel.kernel.testing.TestLoop;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CoroTestExtension.class)
class PollerTest {
    private static Pipe pipe() throws IOException {
        Pipe p = Pipe.open();
        p.source().configureBlocking(false);
        p.sink().configureBlocking(false);
        return p;
    }

    private static String readAll(Pipe.SourceChannel source) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(100);
        source.read(b);
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }

    @Test
    void readerParksUntilDataArrives() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            Pipe p = pipe();
            List<String> events = new ArrayList<>();
            loop.run(() -> {
                Poller.Registration r = Coro.current().scheduler().poller().register(p.source());
                Coro reader = Coro.spawn("reader", () -> {
                    r.awaitReadable();
                    events.add("read " + readAll(p.source()));
                });
                Coro.yieldSlice();
                assertSame(reader, r.reader());
                events.add("writing");
                p.sink().write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)));
                reader.join();
                r.close();
                p.sink().close();
            });
            assertEquals(List.of("writing", "read hello"), events);
        }
    }

    @Test
    void aSecondReaderGetsSimultaneousErrorNamingBoth() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            Pipe p = pipe();
            loop.run(() -> {
                Poller poller = Coro.current().scheduler().poller();
                List<String> firstOutcome = new ArrayList<>();
                Coro first = Coro.spawn("first", () -> {
                    try {
                        poller.awaitReadable(p.source());
                    } catch (ClosedError closed) {
                        firstOutcome.add("closed");
                    }
                });
                Coro.yieldSlice();
                SimultaneousError e = assertThrows(SimultaneousError.class, () -> poller.awaitReadable(p.source()));
                assertSame(Coro.current(), e.coro());
                assertSame(first, e.other());
                assertTrue(e.getMessage().contains(first.toString()) && e.getMessage().contains(Coro.current().toString()),
                        e.getMessage());
                poller.close(p.source());
                first.join();
                assertEquals(List.of("closed"), firstOutcome);
                p.sink().close();
            });
        }
    }

    @Test
    void closeWakesTheBlockedReaderAndWriterWithClosedError() throws Exception {
        try (TestLoop loop = TestLoop.create();
             ServerSocketChannel server = ServerSocketChannel.open()) {
            LoopbackPorts.bind(port -> server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
            List<String> outcomes = new ArrayList<>();
            loop.run(() -> {
                SocketChannel client = SocketChannel.open(server.getLocalAddress());
                SocketChannel peer = server.accept();
                client.configureBlocking(false);
                ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
                while (client.write(chunk.clear()) > 0) {
                    // fill the send buffer until a write would block
                }
                Poller.Registration r = Coro.current().scheduler().poller().register(client);
                Coro reader = Coro.spawn("reader", () -> {
                    try {
                        r.awaitReadable();
                    } catch (ClosedError e) {
                        outcomes.add("reader: closed");
                    }
                });
                Coro writer = Coro.spawn("writer", () -> {
                    try {
                        r.awaitWritable();
                    } catch (ClosedError e) {
                        outcomes.add("writer: closed");
                    }
                });
                Coro.yieldSlice();
                r.close();
                r.close(); // idempotent
                reader.join();
                writer.join();
                assertThrows(ClosedError.class, r::awaitReadable);
                peer.close();
            });
            assertEquals(List.of("reader: closed", "writer: closed"), outcomes);
        }
    }

    @Test
    void aTimedOutWaitLeavesNothingRegisteredAndTheNextWaitWorks() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            Pipe p = pipe();
            String got = loop.call(() -> {
                Poller.Registration r = Coro.current().scheduler().poller().register(p.source());
                for (int i = 0; i < 3; i++) {
                    assertThrows(TimeoutError.class, () -> Coro.withTimeout(Duration.ofMillis(5), r::awaitReadable));
                    assertNull(r.reader());
                }
                Coro.spawn(() -> p.sink().write(ByteBuffer.wrap("late".getBytes(StandardCharsets.UTF_8))));
                r.awaitReadable();
                String s = readAll(p.source());
                r.close();
                p.sink().close();
                return s;
            });
            assertEquals("late", got);
        }
    }

    @Test
    void blockingChannelsAreRefusedWithTheFixInTheMessage() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            Pipe p = Pipe.open();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> loop.run(() -> Coro.current().scheduler().poller().register(p.source())));
            assertTrue(e.getMessage().contains("configureBlocking(false)"), e.getMessage());
            p.source().close();
            p.sink().close();
        }
    }

    @Test
    void aChannelIsUsedOnItsOwnLoopOnly() throws Exception {
        try (TestLoop loop = TestLoop.create(); TestLoop other = TestLoop.create()) {
            Pipe p = pipe();
            Poller foreign = other.scheduler().poller();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.run(() -> foreign.register(p.source())));
            assertTrue(e.getMessage().contains("used on its thread only"), e.getMessage());
            p.source().close();
            p.sink().close();
        }
    }

    /**
     * Whether the loop must poll for I/O between passes is a field kept up to date by register and
     * by every select: true from the first registration, and false again only after a select has
     * let go of the last closed channel.
     */
    @Test
    void theLoopKnowsWhetherAChannelIsRegisteredWithoutAskingTheSelector() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            Pipe p = pipe();
            List<Boolean> seen = new ArrayList<>();
            loop.run(() -> {
                Poller poller = Coro.current().scheduler().poller();
                seen.add(poller.hasRegistrations());
                poller.register(p.source());
                seen.add(poller.hasRegistrations());
                poller.selectNow();
                seen.add(poller.hasRegistrations()); // still registered after a select
                p.source().close(); // cancels the key; the selector lets go of it at its next select
                seen.add(poller.hasRegistrations());
                poller.selectNow();
                seen.add(poller.hasRegistrations());
                p.sink().close();
            });
            assertEquals(List.of(false, true, true, true, false), seen);
        }
    }

    /** The select the loop sleeps in (not only selectNow) brings the field up to date. */
    @Test
    void aSleepingSelectLetsGoOfTheLastClosedChannelToo() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            Pipe p = pipe();
            List<Boolean> seen = new ArrayList<>();
            List<Long> selects = new ArrayList<>();
            loop.run(() -> {
                Scheduler s = Coro.current().scheduler();
                Poller poller = s.poller();
                poller.register(p.source());
                p.source().close();
                seen.add(poller.hasRegistrations());
                selects.add(s.stats().selects());
                Coro.sleep(Duration.ofMillis(2)); // nothing else to run: the loop sleeps in a select
                selects.add(s.stats().selects());
                seen.add(poller.hasRegistrations());
                p.sink().close();
            });
            assertEquals(List.of(true, false), seen, "selects before and after the sleep: " + selects);
        }
    }

    /** Closing a registered listener lets go of its descriptor at once, and so of the registration. */
    @Test
    void closingTheLastRegisteredListenerLeavesNothingRegistered() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            List<Boolean> seen = new ArrayList<>();
            loop.run(() -> {
                Poller poller = Coro.current().scheduler().poller();
                ServerSocketChannel listener = ServerSocketChannel.open();
                listener.configureBlocking(false);
                listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                Poller.Registration r = poller.register(listener);
                seen.add(poller.hasRegistrations());
                r.close();
                seen.add(poller.hasRegistrations());
            });
            assertEquals(List.of(true, false), seen);
        }
    }
}
