package io.shrapnel.kernel.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import java.nio.channels.ClosedSelectorException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The test loop's clock, its helper coros, and what closing it does to a coro left parked. */
class TestLoopTest {
    @Test
    void aVirtualClockMovesOnlyForwardAndOnlyAVirtualLoopHasOne() {
        try (TestLoop real = TestLoop.create()) {
            assertNull(real.clock());
        }
        try (TestLoop loop = TestLoop.virtualTime()) {
            TestClock clock = loop.clock();
            assertNotNull(clock);
            long t0 = clock.nanoTime();
            clock.advance(Duration.ofNanos(5));
            assertEquals(t0 + 5, clock.nanoTime());
            assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofNanos(-1)));
            clock.advanceTo(t0); // earlier: no move
            assertEquals(t0 + 5, clock.nanoTime());
            clock.advanceTo(t0 + 9);
            assertEquals(t0 + 9, clock.nanoTime());
        }
    }

    @Test
    void aHelperCoroRunsWithTheLoop() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            int[] ran = new int[1];
            Coro helper = loop.spawn("helper", () -> ran[0]++);
            assertEquals("helper", helper.name());
            loop.run(Coro::yieldSlice);
            assertEquals(1, ran[0]);
            assertTrue(helper.isDead());
        }
    }

    @Test
    void closingALoopWithACoroLeftParkedShutsItDownAndFailsNamingIt() {
        TestLoop loop = TestLoop.virtualTime();
        Coro parked = loop.spawn("parked", () -> Coro.sleep(Duration.ofDays(1)));
        loop.scheduler().spawn("nudge", () -> loop.scheduler().setExit(0)); // runs the parked coro once, then exits
        loop.scheduler().run();
        long before = loop.clock().nanoTime();
        AssertionError e = assertThrows(AssertionError.class, loop::close);
        assertTrue(loop.clock().nanoTime() - before < Duration.ofDays(1).toNanos(),
                "the coro was shut down, not left to sleep its day out in virtual time");
        assertTrue(e.getMessage().startsWith("1 coro(s) left alive by the test"), e.getMessage());
        assertTrue(e.getMessage().contains("parked"), e.getMessage());
        assertTrue(parked.isDead(), "close shut the parked coro down");
        assertFalse(loop.scheduler().isRunning());
    }

    @Test
    void closingALoopClosesItsScheduler() {
        TestLoop loop = TestLoop.create();
        loop.close();
        Coro sleeper = loop.scheduler().spawn(() -> Coro.sleep(Duration.ofMillis(1)));
        assertThrows(ClosedSelectorException.class, loop.scheduler()::runUntilDone,
                "the loop's first wait is in its closed selector");
        assertFalse(sleeper.isDead());
    }
}
