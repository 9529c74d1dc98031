package io.shrapnel.kernel;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.nio.channels.ClosedSelectorException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Running, exiting and closing a loop, and the misuses {@link Scheduler#run()} refuses. */
@ExtendWith(CoroTestExtension.class)
class SchedulerLifecycleTest {
    @Test
    void aLoopRefusesToRunInsideACoro() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime(); TestLoop other = TestLoop.virtualTime()) {
            String[] caller = new String[1];
            IllegalStateException e = loop.call(() -> {
                caller[0] = Coro.current().toString();
                return assertThrows(IllegalStateException.class, other.scheduler()::run);
            });
            assertTrue(e.getMessage().endsWith("must run on a platform thread, not in " + caller[0]), e.getMessage());
            assertFalse(other.scheduler().isRunning());
            // a virtual thread that is no coro is named as itself
            FutureTask<IllegalStateException> plain = new FutureTask<>(
                    () -> assertThrows(IllegalStateException.class, other.scheduler()::run));
            Thread vt = Thread.ofVirtual().start(plain);
            IllegalStateException onVirtual = plain.get(1, TimeUnit.MINUTES);
            assertTrue(onVirtual.getMessage().contains("not in VirtualThread[#" + vt.threadId() + "]"), onVirtual.getMessage());
        }
    }

    @Test
    void aLoopRunsOnOneThreadAtATimeAndAnotherThreadsSetExitWakesItsSelect() throws Exception {
        Scheduler s = Scheduler.create("lifecycle");
        try {
            FutureTask<Integer> run = new FutureTask<>(s::run);
            Thread t = Thread.ofPlatform().name("lifecycle-runner").start(run);
            await().atMost(Duration.ofSeconds(20)).until(s::isRunning);
            IllegalStateException e = assertThrows(IllegalStateException.class, s::run);
            assertTrue(e.getMessage().contains("already running on " + t), e.getMessage());
            // Nothing to run and no timer: the loop sleeps in its selector until this wakes it.
            s.setExit(3);
            assertEquals(3, run.get(20, TimeUnit.SECONDS));
            assertFalse(s.isRunning());
            assertEquals(3, s.runUntilDone(), "entered again: no coro, so it returns at once with the last code");
        } finally {
            s.close();
        }
        assertFalse(Scheduler.all().contains(s), "a closed loop is no longer listed");
    }

    @Test
    void aLoopWhoseThreadIsInterruptedStopsWithAnErrorAndCanRunAgain() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            Scheduler s = loop.scheduler();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.run(() -> {
                s.post(() -> Thread.currentThread().interrupt()); // runs on the loop's thread, outside coros
                Coro.sleep(Duration.ofHours(1));
            }));
            assertTrue(Thread.interrupted(), "the flag is left for the caller");
            assertTrue(e.getMessage().contains("was interrupted"), e.getMessage());
            assertFalse(s.isRunning());
            assertEquals(1, s.liveCoros(), "test-main still sleeps");
            for (Coro c : s.coros()) {
                c.shutdown();
            }
            s.runUntilDone();
            assertEquals(0, s.liveCoros());
        }
    }

    @Test
    void closingTheDefaultLoopMakesTheNextCallCreateAFreshOne() {
        Scheduler d = Scheduler.defaultScheduler();
        assertSame(d, Scheduler.defaultScheduler());
        assertSame(d, Scheduler.current(), "outside coros the current loop is the default one");
        assertEquals("main", d.name());
        d.close();
        Scheduler fresh = Scheduler.defaultScheduler();
        assertNotSame(d, fresh);
        assertTrue(Scheduler.all().contains(fresh));
        assertFalse(Scheduler.all().contains(d));
    }

    @Test
    void closingALoopThatIsNotTheDefaultLeavesTheDefaultAlone() {
        Scheduler d = Scheduler.defaultScheduler();
        Scheduler s = Scheduler.create("not-default");
        s.close();
        assertSame(d, Scheduler.defaultScheduler());
    }

    @Test
    void startLoopsStartsThatManyLoopsAndCloseWaitsForEachToExit() throws Exception {
        List<Scheduler> loops = Scheduler.startLoops("count", 2);
        try {
            assertEquals(List.of("count-0", "count-1"), loops.stream().map(Scheduler::name).toList());
            for (Scheduler s : loops) {
                await().atMost(Duration.ofSeconds(20)).until(s::isRunning);
                assertFalse(s.awaitExit(Duration.ofMillis(10)), "it runs until told to exit");
            }
        } finally {
            for (Scheduler s : loops) {
                s.close();
                assertFalse(s.isRunning(), "close returns once the loop's thread has exited");
                assertTrue(s.awaitExit(Duration.ZERO));
            }
        }
    }

    @Test
    void aLoopNeverStartedHasNothingToAwaitAndItsUptimeIsItsAge() throws Exception {
        long before = System.nanoTime();
        Scheduler s = Scheduler.create("never-started");
        try {
            assertTrue(s.awaitExit(Duration.ZERO));
            Duration uptime = s.stats().uptime();
            assertFalse(uptime.isNegative());
            assertTrue(uptime.toNanos() <= System.nanoTime() - before, uptime.toString());
        } finally {
            s.close();
        }
    }

    @Test
    void closeFromAnInterruptedThreadKeepsTheInterruptAndTheLoopStillExits() throws Exception {
        Scheduler s = Scheduler.create("interrupted-close");
        AtomicBoolean holding = new AtomicBoolean();
        AtomicBoolean release = new AtomicBoolean();
        s.spawn("holder", () -> { // the loop cannot exit before close waits for it
            holding.set(true);
            while (!release.get()) {
                Thread.onSpinWait();
            }
        });
        s.start();
        await().atMost(Duration.ofSeconds(20)).untilTrue(holding);
        Thread.currentThread().interrupt();
        s.close();
        boolean kept = Thread.interrupted();
        release.set(true);
        assertTrue(kept, "the interrupt that cut the wait short is kept");
        assertTrue(s.awaitExit(Duration.ofSeconds(20)));
    }

    @Test
    void aClosedLoopHasLetGoOfItsSelector() {
        Scheduler s = Scheduler.create("closed");
        s.close();
        Coro sleeper = s.spawn(() -> Coro.sleep(Duration.ofMillis(1)));
        assertThrows(ClosedSelectorException.class, s::run, "the loop's first wait is in the closed selector");
        assertSame(s, sleeper.scheduler());
    }
}
