package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CoroTestExtension.class)
class OffloadTest {
    @Test
    void offloadKeepsATickerTickingWhileThePoolThreadBlocks() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            CountDownLatch ticks = new CountDownLatch(5);
            boolean tickedMeanwhile = loop.call(() -> {
                Coro ticker = Coro.spawn("ticker", () -> {
                    while (ticks.getCount() > 0) {
                        Coro.sleep(Duration.ofMillis(2));
                        ticks.countDown();
                    }
                });
                // The pool thread blocks until the ticker has ticked 5 times: only possible if the
                // loop keeps running while this coro waits for the offloaded call.
                boolean r = Coro.offload(() -> ticks.await(30, TimeUnit.SECONDS));
                ticker.join();
                return r;
            });
            assertTrue(tickedMeanwhile);
        }
    }

    @Test
    void offloadReturnsTheValueAndRethrowsCheckedExceptions() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            assertEquals("on " + "pool", loop.call(() -> Coro.offload(() -> "on " + (Thread.currentThread().isVirtual() ? "coro" : "pool"))));
            IOException e = assertThrows(IOException.class, () -> loop.run(() -> Coro.offload(() -> {
                throw new IOException("disk on fire");
            })));
            assertEquals("disk on fire", e.getMessage());
        }
    }

    @Test
    void aTimeoutAroundOffloadInterruptsThePoolThread() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        try (TestLoop loop = TestLoop.create()) {
            assertThrows(TimeoutError.class, () -> loop.run(() -> Coro.withTimeout(Duration.ofMillis(20), () -> Coro.offload(() -> {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
                return null;
            }))));
        }
        assertTrue(interrupted.await(10, TimeUnit.SECONDS), "the pool thread was not interrupted");
    }

    /** A resource standing for an opened file: counts its closes. */
    private static final class Resource implements AutoCloseable {
        final java.util.concurrent.atomic.AtomicInteger closes = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    @Test
    void aResourceReturnedAfterTheCallerLeftIsClosed() throws Exception {
        Resource opened = new Resource();
        CountDownLatch release = new CountDownLatch(1);
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                assertThrows(TimeoutError.class, () -> Coro.withTimeout(Duration.ofMillis(20), () -> Coro.offload(() -> {
                    boolean interruptedMeanwhile = false;
                    while (true) { // an open(2) that does not answer to interrupts
                        try {
                            release.await();
                            break;
                        } catch (InterruptedException e) {
                            interruptedMeanwhile = true;
                        }
                    }
                    assertTrue(interruptedMeanwhile);
                    return opened;
                })));
                release.countDown();
                // the result comes back through this loop's inbox: wait for it on the loop
                for (int i = 0; i < 10_000 && opened.closes.get() == 0; i++) {
                    Coro.sleep(Duration.ofMillis(1));
                }
            });
        }
        assertEquals(1, opened.closes.get(), "the abandoned result was not closed exactly once");
    }

    @Test
    void aResourceTheCallerReceivesIsLeftOpen() throws Exception {
        Resource opened = new Resource();
        try (TestLoop loop = TestLoop.create()) {
            // the wake and a discard would run in one task on the loop: by the return, it has run
            assertTrue(opened == loop.call(() -> Coro.offload(() -> opened)));
        }
        assertEquals(0, opened.closes.get());
    }
}
