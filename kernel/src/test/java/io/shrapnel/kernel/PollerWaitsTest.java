package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A registration's waits: named by their direction, and refused to coros of another loop. */
@ExtendWith(CoroTestExtension.class)
class PollerWaitsTest {
    @Test
    void aReadWaitIsShownAsAReadAndASecondReaderIsToldWhichEvent() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Pipe p = Pipe.open();
                p.source().configureBlocking(false);
                Poller.Registration r = Coro.current().scheduler().poller().register(p.source());
                Coro reader = Coro.spawn("reader", r::awaitReadable);
                Coro.yieldSlice();
                String blockedOn = Coro.current().scheduler().whereAll().stream()
                        .filter(i -> i.id() == reader.id()).findFirst().orElseThrow().blockedOn();
                assertEquals("read " + Poller.describe(p.source()), blockedOn);
                SimultaneousError e = assertThrows(SimultaneousError.class, r::awaitReadable);
                assertEquals(new Poller.Event(p.source(), "read"), e.event());
                assertEquals(reader, e.other());
                p.sink().write(ByteBuffer.wrap(new byte[] {1}));
                reader.join();
                r.close();
                p.sink().close();
            });
        }
    }

    @Test
    void aCoroOfAnotherLoopMayNotWaitOnARegistration() throws Exception {
        Pipe p = Pipe.open();
        p.source().configureBlocking(false);
        try (TestLoop owner = TestLoop.virtualTime(); TestLoop other = TestLoop.virtualTime()) {
            Poller.Registration r = owner.call(() -> Coro.current().scheduler().poller().register(p.source()));
            IllegalStateException e = other.call(() -> assertThrows(IllegalStateException.class, r::awaitReadable));
            assertTrue(e.getMessage().contains("used on its thread only"), e.getMessage());
            assertTrue(e.getMessage().contains("runs on loop test-virtual"), e.getMessage());
        } finally {
            p.source().close();
            p.sink().close();
        }
    }
}
