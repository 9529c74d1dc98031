package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The loop polls for I/O every pass, even while coros keep it busy or timers keep virtual time moving. */
@ExtendWith(CoroTestExtension.class)
class SchedulerIoPollingTest {
    /** A coro that parks until the pipe is readable, and records the loop time it woke at. */
    private static Coro reader(Pipe p, long[] wokeAt) throws Exception {
        p.source().configureBlocking(false);
        return Coro.spawn("reader", () -> {
            Coro.current().scheduler().poller().awaitReadable(p.source());
            wokeAt[0] = Coro.now();
        });
    }

    @Test
    void aCoroThatKeepsYieldingDoesNotKeepTheLoopFromPolling() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Pipe p = Pipe.open();
                long[] wokeAt = {-1};
                Coro r = reader(p, wokeAt);
                Coro.yieldSlice(); // the reader parks
                p.sink().write(ByteBuffer.wrap(new byte[] {1}));
                int yields = 0;
                while (wokeAt[0] < 0 && yields < 10_000) {
                    Coro.yieldSlice(); // the run queue is never empty: the loop polls without waiting
                    yields++;
                }
                assertTrue(wokeAt[0] >= 0, "the reader was not woken in " + yields + " passes");
                r.join();
                p.sink().close();
                p.source().close();
            });
        }
    }

    @Test
    void inVirtualTimeIoIsPolledBeforeTheClockJumpsToTheNextTimer() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Pipe p = Pipe.open();
                long[] wokeAt = {-1};
                Coro r = reader(p, wokeAt);
                Coro ticker = Coro.spawn("ticker", () -> {
                    for (int i = 0; i < 1000 && wokeAt[0] < 0; i++) {
                        Coro.sleep(Duration.ofMillis(1)); // a timer is always pending
                    }
                });
                Coro.sleep(Duration.ofMillis(5));
                long wroteAt = Coro.now();
                p.sink().write(ByteBuffer.wrap(new byte[] {1}));
                r.join();
                ticker.join();
                assertTrue(wokeAt[0] >= 0);
                assertTrue(wokeAt[0] - wroteAt <= Duration.ofMillis(1).toNanos(),
                        "woke " + (wokeAt[0] - wroteAt) + " ns after the write");
                assertTrue(Coro.current().scheduler().stats().selects() > 0);
                p.sink().close();
                p.source().close();
            });
        }
    }

    @Test
    void aTimerAlwaysDueDoesNotKeepTheLoopFromPolling() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                Pipe p = Pipe.open();
                long[] wokeAt = {-1};
                Coro r = reader(p, wokeAt);
                Coro.yieldSlice(); // the reader parks
                p.sink().write(ByteBuffer.wrap(new byte[] {1}));
                int sleeps = 0;
                while (wokeAt[0] < 0 && sleeps < 100_000) {
                    // due at once: each pass finds a timer due now, so the loop polls without waiting
                    Coro.sleep(Duration.ZERO);
                    sleeps++;
                }
                assertTrue(wokeAt[0] >= 0, "the reader was not woken in " + sleeps + " passes");
                r.join();
                p.sink().close();
                p.source().close();
            });
        }
    }

    @Test
    void everyPassWithARegisteredChannelIsCountedAsASelect() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Scheduler s = loop.scheduler();
                Pipe p = Pipe.open();
                p.source().configureBlocking(false);
                Poller.Registration r = s.poller().register(p.source());
                long before = s.stats().selects();
                for (int i = 0; i < 10; i++) {
                    Coro.yieldSlice(); // ready coros: a select that does not wait, once a pass
                }
                assertEquals(before + 10, s.stats().selects());
                long beforeSleeps = s.stats().selects();
                for (int i = 0; i < 5; i++) {
                    Coro.sleep(Duration.ofMillis(1)); // virtual time: a select before each jump to the timer
                }
                assertTrue(s.stats().selects() >= beforeSleeps + 5, s.stats().toString());
                r.close();
                p.sink().close();
            });
        }
    }
}
