package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CoroTestExtension.class)
class LoopConfinementTest {
    @Test
    void aPrimitiveUsedFromAnotherLoopsCoroFailsWithWhatToDo() throws Exception {
        Fifo<String> f = new Fifo<>();
        try (TestLoop first = TestLoop.virtualTime()) {
            first.run(() -> f.push("from the first loop"));
        }
        try (TestLoop second = TestLoop.virtualTime()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> second.run(f::pop));
            assertTrue(e.getMessage().startsWith("Fifo.pop was called by <coro #"), e.getMessage());
            assertTrue(e.getMessage().contains("Primitives are confined to the loop that first used them"),
                    e.getMessage());
        }
    }

    @Test
    void aThreadThatRunsNoLoopIsToldToPost() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Fifo<String>().push("x"));
        assertTrue(e.getMessage().contains("post the call to it"), e.getMessage());
    }

    @Test
    void otherThreadsFeedAFifoThroughTasksPostedToItsLoop() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            List<Integer> got = loop.call(() -> {
                Fifo<Integer> f = new Fifo<>();
                Scheduler s = Scheduler.current();
                f.push(0); // binds the fifo to this loop
                Thread feeder = Thread.ofPlatform().start(() -> {
                    for (int i = 1; i <= 100; i++) {
                        int v = i;
                        s.post(() -> f.push(v));
                    }
                });
                List<Integer> all = new ArrayList<>();
                Coro.withTimeout(Duration.ofSeconds(30), () -> {
                    while (all.size() < 101) {
                        all.add(f.pop());
                    }
                });
                Coro.offload(() -> {
                    feeder.join();
                    return null;
                });
                return all;
            });
            for (int i = 0; i <= 100; i++) {
                assertEquals(i, got.get(i));
            }
        }
    }

    /** Binds a primitive with {@code firstUse} on one loop, then expects every op to be refused on another. */
    private static void refusedOnAnotherLoop(String type, Body firstUse, Executable... ops) throws Exception {
        try (TestLoop first = TestLoop.virtualTime()) {
            first.run(firstUse);
        }
        try (TestLoop second = TestLoop.virtualTime()) {
            second.run(() -> {
                for (Executable op : ops) {
                    IllegalStateException e = assertThrows(IllegalStateException.class, op);
                    assertTrue(e.getMessage().startsWith(type + "."), e.getMessage());
                    assertTrue(e.getMessage().contains("but it belongs to loop"), e.getMessage());
                }
            });
        }
    }

    @Test
    void everyOperationThatNeverParksIsConfinedToo() throws Exception {
        Fifo<String> fifo = new Fifo<>();
        refusedOnAnotherLoop("Fifo", () -> fifo.push("a"),
                () -> fifo.push("b"), () -> fifo.pushFront("c"), fifo::top, fifo::iterator);
        assertEquals(1, fifo.size(), "the refused pushes changed nothing");

        Semaphore sem = new Semaphore(2);
        refusedOnAnotherLoop("Semaphore", sem::acquire, () -> sem.tryAcquire(1), sem::release);
        assertEquals(1, sem.available());

        ConditionVariable<String> cv = new ConditionVariable<>();
        refusedOnAnotherLoop("ConditionVariable", cv::wakeOne,
                cv::wakeOne, cv::wakeAll, () -> cv.wakeN(1, "x"), () -> cv.raiseAll(new RuntimeException()));

        InvertedSemaphore inv = new InvertedSemaphore();
        refusedOnAnotherLoop("InvertedSemaphore", inv::acquire, inv::acquire, inv::release);
        assertEquals(1, inv.value());

        Latch latch = new Latch(2);
        refusedOnAnotherLoop("Latch", latch::countDown, latch::countDown);
        assertEquals(1, latch.count());

        OneShot<String> shot = new OneShot<>();
        refusedOnAnotherLoop("OneShot", () -> shot.await(Duration.ZERO), () -> shot.signal("x"), shot::await);
        assertEquals(false, shot.isSignalled());
    }

    @Test
    void aFifoMadeForALoopBelongsToItBeforeItsFirstUse() throws Exception {
        try (TestLoop owner = TestLoop.virtualTime(); TestLoop other = TestLoop.virtualTime()) {
            Fifo<String> fifo = new Fifo<>(owner.scheduler());
            other.run(() -> {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> fifo.push("x"));
                assertTrue(e.getMessage().contains("belongs to loop " + owner.scheduler().name()), e.getMessage());
            });
            owner.run(() -> fifo.push("y"));
            assertEquals(1, fifo.size());
        }
    }

    @Test
    void aPrimitiveFirstUsedByATaskPostedToALoopBelongsToThatLoop() throws Exception {
        Fifo<String> fifo = new Fifo<>();
        List<String> refusals = new ArrayList<>();
        try (TestLoop owner = TestLoop.virtualTime(); TestLoop other = TestLoop.virtualTime()) {
            owner.run(() -> {
                owner.scheduler().post(() -> fifo.push("posted"));
                Coro.withTimeout(Duration.ofSeconds(1), () -> {
                    while (fifo.isEmpty()) {
                        Coro.yieldSlice();
                    }
                });
            });
            assertEquals(1, fifo.size());
            other.run(() -> {
                other.scheduler().post(() -> {
                    try {
                        fifo.push("from a task of another loop");
                    } catch (IllegalStateException e) {
                        refusals.add(e.getMessage());
                    }
                });
                Coro.withTimeout(Duration.ofSeconds(1), () -> {
                    while (refusals.isEmpty()) {
                        Coro.yieldSlice();
                    }
                });
            });
            assertEquals(1, fifo.size());
            assertTrue(refusals.get(0).startsWith("Fifo.push was called by a task posted to loop "
                    + other.scheduler().name() + " on loop " + other.scheduler().name()
                    + ", but it belongs to loop " + owner.scheduler().name()), refusals.get(0));
        }
    }

    @Test
    void theConfinementRemembersTheLoopItWasBoundTo() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            LoopConfinement confinement = new LoopConfinement(this);
            assertNull(confinement.loop());
            confinement.bind(loop.scheduler(), "test", "the test");
            assertSame(loop.scheduler(), confinement.loop());
            confinement.bind(loop.scheduler(), "test", "the test again"); // the same loop: accepted
            assertSame(loop.scheduler(), confinement.loop());
        }
    }
}
