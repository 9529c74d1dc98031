package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The small parts of the coro and loop API: selfish allowance, names, scheduled tasks, loop state. */
@ExtendWith(CoroTestExtension.class)
class CoroAccessorsTest {
    @Test
    void trySelfishAllowsFourReadyCallsInARowThenAsksForAYieldAndStartsAgain() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            List<Boolean> answers = loop.call(() -> {
                List<Boolean> out = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    out.add(Coro.current().trySelfish());
                }
                return out;
            });
            assertEquals(List.of(true, true, true, true, false, true, true, true, true, false), answers);
        }
    }

    @Test
    void setMaxSelfishActsChangesTheAllowanceAtOnceAndAfterEachReset() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Coro me = Coro.current();
                assertEquals(4, me.setMaxSelfishActs(2), "the default");
                assertTrue(me.trySelfish());
                assertTrue(me.trySelfish());
                assertFalse(me.trySelfish());
                assertTrue(me.trySelfish(), "the allowance starts again at the new maximum");
                assertTrue(me.trySelfish());
                assertFalse(me.trySelfish());
                assertEquals(2, me.setMaxSelfishActs(1));
                assertTrue(me.trySelfish());
                assertFalse(me.trySelfish());
                assertEquals(1, me.setMaxSelfishActs(32768), "the largest allowed");
                assertThrows(IllegalArgumentException.class, () -> me.setMaxSelfishActs(0));
                assertThrows(IllegalArgumentException.class, () -> me.setMaxSelfishActs(32769));
                assertThrows(IllegalArgumentException.class, () -> me.setMaxSelfishActs(-1));
                assertEquals(32768, me.setMaxSelfishActs(4), "a refused maximum changes nothing");
            });
        }
    }

    @Test
    void namesAreSetReadAndShownAndAnEmptyNameIsNoName() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Coro c = Coro.create(Coro.current().scheduler(), null, () -> { });
                assertNull(c.name());
                assertEquals("<coro #" + c.id() + ">", c.toString());
                assertSame(c, c.setName("worker"));
                assertEquals("worker", c.name());
                assertEquals("worker", c.thread().getName());
                assertEquals("<coro #" + c.id() + " name=worker>", c.toString());
                c.setName("");
                assertNull(c.name());
                c.setName("again");
                c.setName(null);
                assertNull(c.name());
                assertEquals(Coro.State.NEW, c.state());
                assertFalse(c.isStarted());
                assertFalse(c.isScheduled());
                c.start();
                assertTrue(c.isScheduled());
                c.join();
                assertTrue(c.isStarted());
                assertTrue(c.isDead());
                assertFalse(c.isScheduled());
                assertNull(c.exitError(), "it returned normally");
            });
        }
    }

    @Test
    void propertiesBelongToOneCoroAndLastItsLife() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Coro me = Coro.current();
                me.properties().put("k", "v");
                assertSame(me.properties(), me.properties());
                assertEquals("v", me.properties().get("k"));
                Coro other = Coro.spawn(() -> assertTrue(Coro.current().properties().isEmpty()));
                other.join();
                assertNull(other.exitError());
            });
        }
    }

    @Test
    void aScheduledTaskRunsAfterItsDelayUnlessCancelledAndCancelSaysWhetherItStoppedIt() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Scheduler s = Coro.current().scheduler();
                long t0 = Coro.now();
                List<String> ran = new ArrayList<>();
                Scheduler.Cancellable a = s.schedule(Duration.ofMillis(10), () -> ran.add("a@" + (s.clock().nanoTime() - t0) / 1_000_000));
                Scheduler.Cancellable b = s.schedule(Duration.ofMillis(5), () -> ran.add("b"));
                assertEquals(2, s.stats().pendingTimers());
                assertTrue(b.cancel(), "not run yet: now it will not");
                assertFalse(b.cancel(), "already cancelled");
                Coro.sleep(Duration.ofMillis(20));
                assertEquals(List.of("a@10"), ran);
                assertFalse(a.cancel(), "it has run");
            });
        }
    }

    @Test
    void scheduleFromAnotherThreadIsRefusedWithAHint() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> loop.scheduler().schedule(Duration.ZERO, () -> { }));
            assertTrue(e.getMessage().contains("post()"), e.getMessage());
        }
    }

    @Test
    void aFailingScheduledTaskOrPostIsReportedAndTheLoopCarriesOn() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            List<String> ran = new ArrayList<>();
            loop.run(() -> {
                Scheduler s = Coro.current().scheduler();
                s.schedule(Duration.ofMillis(1), () -> {
                    throw new IllegalStateException("task fails");
                });
                s.schedule(Duration.ofMillis(1), () -> ran.add("second timer"));
                Coro.sleep(Duration.ofMillis(5));
                ran.add("after");
            });
            assertEquals(List.of("second timer", "after"), ran);
        }
    }

    @Test
    void aLoopSaysWhetherItRunsAndOnWhichThread() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            Scheduler s = loop.scheduler();
            assertFalse(s.isRunning());
            assertFalse(s.inLoop());
            assertEquals("Scheduler[test-virtual, 0 coros]", s.toString());
            loop.run(() -> {
                assertTrue(s.isRunning());
                assertTrue(s.inLoop());
                assertSame(s, Scheduler.current());
                assertEquals("Scheduler[test-virtual running, 1 coros]", s.toString());
                Boolean[] fromPool = new Boolean[1];
                Coro.offload(() -> fromPool[0] = s.inLoop());
                assertFalse(fromPool[0], "a pool thread is not the loop");
            });
            assertFalse(s.isRunning());
        }
    }

    @Test
    void executeRunsAtOnceOnTheLoopAndIsPostedFromElsewhere() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            Scheduler s = loop.scheduler();
            List<String> order = new ArrayList<>();
            s.execute(() -> order.add("posted from the test thread"));
            assertEquals(List.of(), order, "not run on the calling thread");
            loop.run(() -> {
                s.execute(() -> order.add("inline"));
                order.add("after execute");
            });
            assertEquals(List.of("posted from the test thread", "inline", "after execute"), order);
        }
    }
}
