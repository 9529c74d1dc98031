package io.shrapnel.kernel;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.ClosedSelectorException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
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
        long positiveSleeps = IntStream.range(0, ROUNDS).filter(i -> i % 7 > 0).count();
        assertTrue(x.stats().timersFired() >= positiveSleeps + ROUNDS / 10 + 2 * ROUNDS / 5,
                "a timer for each sleep, timeout that went off, and 1 ns sleep of a coro that ends: " + x.stats());
        long sliceEnds = 2 * ROUNDS // the ping-pong's parks
                + ROUNDS + positiveSleeps + ROUNDS / 10 // the timeouts' coro: its yields, sleeps and timeouts
                + ROUNDS / 5 + x.coros() + 2 * ROUNDS / 5; // the spawner's joins, each coro, and those that sleep
        assertTrue(x.stats().resumes() >= sliceEnds, "at least " + sliceEnds + " slices: " + x.stats());
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

    @Test
    void theFirstCallRunsTheWorkOnAThreadOfItsOwnAndWaitsForIt() {
        JitWarmup.Once once = new JitWarmup.Once();
        List<Thread> ranOn = new CopyOnWriteArrayList<>();
        Runnable work = () -> {
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // slow: a caller that did not wait would see nothing
            ranOn.add(Thread.currentThread());
        };
        assertTrue(once.run("shrapnel.test.once.unset", work));
        assertEquals(1, ranOn.size(), "done when run returns");
        assertEquals("shrapnel-warmup", ranOn.get(0).getName());
        assertNotSame(Thread.currentThread(), ranOn.get(0));
        assertFalse(ranOn.get(0).isVirtual());
        assertFalse(once.run("shrapnel.test.once.unset", work), "once only");
        assertEquals(1, ranOn.size());
    }

    @Test
    void aSwitchPropertySetToFalseSkipsTheWorkUntilItIsNoLongerSet() {
        JitWarmup.Once once = new JitWarmup.Once();
        int[] runs = new int[1];
        System.setProperty("shrapnel.test.once.off", "false");
        try {
            assertFalse(once.run("shrapnel.test.once.off", () -> runs[0]++));
            assertEquals(0, runs[0]);
        } finally {
            System.clearProperty("shrapnel.test.once.off");
        }
        assertTrue(once.run("shrapnel.test.once.off", () -> runs[0]++), "a skipped call does not count as the once");
        assertEquals(1, runs[0]);
    }

    @Test
    void anInterruptCutsTheWaitShortAndIsKept() {
        JitWarmup.Once once = new JitWarmup.Once();
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        Thread.currentThread().interrupt();
        assertTrue(once.run("shrapnel.test.once.unset", () -> {
            try {
                release.await();
                finished.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertTrue(Thread.interrupted(), "the caller's interrupt is kept");
        assertFalse(finished.get(), "the caller stopped waiting");
        release.countDown();
        await().atMost(Duration.ofSeconds(30)).untilTrue(finished);
    }
}
