package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.ClosedSelectorException;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The JIT warm-up's work, run with few rounds: what it exercises, and that it leaves nothing behind. */
class JitWarmupTest {
    private static final int ROUNDS = 100;

    @Test
    void theWarmUpRunsEveryPathItsRoundsAndLeavesNothingBehind() {
        ExceptionNotifier mine = (coro, error) -> { };
        ExceptionNotifier before = Reporting.setNotifier(mine);
        JitWarmup.Exercised x;
        try {
            x = JitWarmup.warmUp(ROUNDS);
        } finally {
            assertSame(mine, Reporting.setNotifier(before), "the notifier set before is set again");
        }
        assertEquals(2 * ROUNDS, x.handoffs(), "each side of the ping-pong woken once a round");
        assertEquals(IntStream.range(0, ROUNDS).sum(), x.values(), "every value back through withTimeout");
        assertEquals(ROUNDS / 10, x.timeouts(), "a timeout every tenth round");
        assertEquals(3 * ROUNDS / 5 + 2, x.coros(), "three coros a round, a failing one in rounds 0 and 16");
        assertEquals(3 * ROUNDS / 5, x.ended());
        assertEquals(ROUNDS / 5, x.joined(), "every join returned after its coro ended");
        assertEquals(2, x.failures(), "the failing coros went to the warm-up's own notifier");
        long slept = IntStream.range(0, ROUNDS).map(i -> i % 7).sum();
        assertTrue(x.virtualNanos() >= slept && x.virtualNanos() < 2 * slept,
                "the sleeps of i % 7 ns, in virtual time: " + x.virtualNanos());
        assertEquals(0, x.stats().liveCoros());
        assertEquals(0, x.stats().readyCoros());
        assertEquals(0, x.stats().pendingTimers(), "no timer left");
        assertEquals(4 + x.coros(), x.stats().spawned(), "two ping-pong sides, the timeouts' coro, the spawner");
        assertTrue(x.stats().timersFired() >= ROUNDS, x.stats().toString());
        assertTrue(Scheduler.all().stream().noneMatch(s -> s == x.loop()), "the warm-up loop is not listed");

        Scheduler loop = x.loop();
        loop.spawn(() -> Coro.sleep(Duration.ofMillis(1)));
        assertThrows(ClosedSelectorException.class, loop::runUntilDone, "the warm-up loop is closed");
    }

    @Test
    void aRunWithTheDefaultNotifierLeavesTheDefaultOne() {
        ExceptionNotifier before = Reporting.setNotifier(null);
        try {
            assertEquals(40, JitWarmup.warmUp(20).handoffs());
            assertSame(Reporting.DEFAULT_NOTIFIER, Reporting.setNotifier(null));
        } finally {
            Reporting.setNotifier(before == Reporting.DEFAULT_NOTIFIER ? null : before);
        }
    }
}
