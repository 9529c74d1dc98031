package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestClock;
import io.shrapnel.kernel.testing.TestLoop;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The loop polls for I/O whenever it has nothing left to run, and while coros keep it busy or timers
 * keep virtual time moving, at least every {@link Scheduler#SLICES_PER_BUSY_POLL} slices (or
 * {@link Scheduler#BUSY_POLL_INTERVAL} by the clock its timers read).
 */
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

    /** One pass of a coro that keeps the loop busy. */
    @FunctionalInterface
    private interface BusyPass {
        void run() throws Exception;
    }

    /**
     * A reader parks on a pipe, a byte is written, and this coro keeps the loop busy with
     * {@code pass} (at most {@code limit} times): the loop must still poll and wake the reader.
     */
    private static void readerWakesWhileBusy(TestLoop loop, BusyPass pass, int limit) throws Exception {
        loop.run(() -> {
            Pipe p = Pipe.open();
            long[] wokeAt = {-1};
            Coro r = reader(p, wokeAt);
            Coro.yieldSlice(); // the reader parks
            p.sink().write(ByteBuffer.wrap(new byte[] {1}));
            int passes = 0;
            while (wokeAt[0] < 0 && passes < limit) {
                pass.run();
                passes++;
            }
            assertTrue(wokeAt[0] >= 0, "the reader was not woken in " + passes + " passes");
            r.join();
            p.sink().close();
            p.source().close();
        });
    }

    @Test
    void aCoroThatKeepsYieldingDoesNotKeepTheLoopFromPolling() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            // the run queue is never empty: the loop polls without waiting
            readerWakesWhileBusy(loop, Coro::yieldSlice, 10_000);
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
            // due at once: each pass finds a timer due now, so the loop polls without waiting
            readerWakesWhileBusy(loop, () -> Coro.sleep(Duration.ZERO), 100_000);
        }
    }

    /** A registered pipe on the loop, for the duration of {@code body}. */
    private static void withRegisteredChannel(Scheduler s, Body body) throws Exception {
        Pipe p = Pipe.open();
        p.source().configureBlocking(false);
        Poller.Registration r = s.poller().register(p.source());
        try {
            body.run();
        } finally {
            r.close();
            p.sink().close();
        }
    }

    @FunctionalInterface
    private interface Body {
        void run() throws Exception;
    }

    /** Runs {@code body} while a timer is pending, so that every pass of the loop reads the clock. */
    private static void withATimerPending(Body body) throws Exception {
        Coro ticker = Coro.spawn("ticker", () -> Coro.sleep(Duration.ofHours(1)));
        try {
            body.run();
        } finally {
            ticker.shutdown();
            ticker.join();
        }
    }

    @Test
    void aBusyLoopPollsOnceEverySoManySlices() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Scheduler s = loop.scheduler();
                withRegisteredChannel(s, () -> {
                    Coro.yieldSlice(); // from a known point: the loop had a pass
                    long before = s.stats().selects();
                    int n = Scheduler.SLICES_PER_BUSY_POLL;
                    for (int i = 0; i < 10 * n; i++) {
                        Coro.yieldSlice(); // one ready coro: one slice a pass, the loop never idle
                    }
                    long polls = s.stats().selects() - before;
                    assertTrue(polls >= 9 && polls <= 11, polls + " polls over " + 10 * n + " slices");
                });
            });
        }
    }

    @Test
    void theBusyPollComesOnTheSliceThatMakesTheCountFromTheLastIdlePoll() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Scheduler s = loop.scheduler();
                withRegisteredChannel(s, () -> {
                    Coro.sleep(Duration.ofMillis(1)); // the loop idles: it polls, and counts from there
                    long afterIdle = s.stats().selects();
                    // the slice that woke from the sleep was the first one since that poll
                    for (int i = 1; i < Scheduler.SLICES_PER_BUSY_POLL; i++) {
                        Coro.yieldSlice();
                    }
                    assertEquals(afterIdle, s.stats().selects(), "polled before " + Scheduler.SLICES_PER_BUSY_POLL + " slices");
                    Coro.yieldSlice();
                    assertEquals(afterIdle + 1, s.stats().selects(), "no poll at " + Scheduler.SLICES_PER_BUSY_POLL + " slices");
                });
            });
        }
    }

    @Test
    void aSliceOfExactlyTheIntervalMakesTheLoopPoll() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Scheduler s = loop.scheduler();
                TestClock clock = (TestClock) s.clock();
                withRegisteredChannel(s, () -> withATimerPending(() -> {
                    Coro.sleep(Duration.ofMillis(1)); // an idle poll: the interval counts from this pass
                    long afterIdle = s.stats().selects();
                    clock.advance(Duration.ofNanos(Scheduler.BUSY_POLL_INTERVAL - 1));
                    Coro.yieldSlice(); // the next pass reads the clock just short of the interval
                    Coro.yieldSlice();
                    assertEquals(afterIdle, s.stats().selects(), "polled short of the interval");
                    clock.advance(Duration.ofNanos(1));
                    Coro.yieldSlice(); // the next pass reads exactly the interval
                    Coro.yieldSlice();
                    assertEquals(afterIdle + 1, s.stats().selects(), "no poll at exactly the interval");
                }));
            });
        }
    }

    @Test
    void aBusyLoopWithoutChannelsNeverSelects() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Scheduler s = loop.scheduler();
                long before = s.stats().selects();
                for (int i = 0; i < 3 * Scheduler.SLICES_PER_BUSY_POLL; i++) {
                    Coro.yieldSlice();
                }
                assertEquals(before, s.stats().selects());
            });
        }
    }

    @Test
    void aBusyLoopWhoseSlicesAreLongPollsByTheClock() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Scheduler s = loop.scheduler();
                TestClock clock = (TestClock) s.clock();
                withRegisteredChannel(s, () -> withATimerPending(() -> {
                    Coro.yieldSlice();
                    long before = s.stats().selects();
                    for (int i = 0; i < 10; i++) {
                        clock.advance(Duration.ofNanos(Scheduler.BUSY_POLL_INTERVAL)); // a slice that long
                        Coro.yieldSlice();
                    }
                    long polls = s.stats().selects() - before;
                    // the clock is read as a pass starts: a long slice is seen at the end of the next pass
                    assertTrue(polls >= 5, polls + " polls after 10 slices of the interval each");
                    before = s.stats().selects();
                    for (int i = 0; i < 10; i++) {
                        clock.advance(Duration.ofNanos(Scheduler.BUSY_POLL_INTERVAL / 4)); // short slices
                        Coro.yieldSlice();
                    }
                    polls = s.stats().selects() - before;
                    assertTrue(polls >= 2 && polls <= 3, polls + " polls after 10 slices of a quarter interval each");
                }));
            });
        }
    }

    @Test
    void aLoopThatIdlesPollsEachTime() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Scheduler s = loop.scheduler();
                withRegisteredChannel(s, () -> {
                    long before = s.stats().selects();
                    for (int i = 0; i < 5; i++) {
                        Coro.sleep(Duration.ofMillis(1)); // virtual time: a select before each jump to the timer
                    }
                    assertTrue(s.stats().selects() >= before + 5, s.stats().toString());
                });
            });
        }
    }
}
