package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Behaviours a mutation run showed no test pinned down (issue 22's list): each test here fails on
 * the mutant that survived before.
 */
@ExtendWith(CoroTestExtension.class)
class PinnedSemanticsTest {
    @Test
    void inParallelUnderATimeoutReturnsAtTheTimeoutAndShutsItsTasksDown() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            long[] returnedAfter = new long[1];
            List<Coro> tasks = new ArrayList<>();
            loop.run(() -> {
                long t0 = Coro.now();
                Callable<String> slow = () -> {
                    tasks.add(Coro.current());
                    Coro.sleep(Duration.ofSeconds(10));
                    return "late";
                };
                assertThrows(TimeoutError.class,
                        () -> Coro.withTimeout(Duration.ofSeconds(1), () -> Parallel.inParallel(List.of(slow, slow))));
                returnedAfter[0] = Coro.now() - t0;
                for (Coro c : tasks) {
                    assertTrue(c.isDead(), c + " outlived the call");
                }
            });
            assertEquals(Duration.ofSeconds(1).toNanos(), returnedAfter[0], "the call returned at the timeout, not after its tasks");
            assertEquals(2, tasks.size());
        }
    }

    @Test
    void tryWriteLockTakesAFreeLockAndItsOwnerMayNestWriteLocks() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                RwLock lock = new RwLock();
                assertTrue(lock.tryWriteLock(), "a free lock");
                assertSame(Coro.current(), lock.writer());
                lock.writeLock(); // nested, by its owner: no wait
                assertTrue(lock.tryWriteLock());
                lock.writeUnlock();
                lock.writeUnlock();
                assertTrue(lock.isWriteLocked(), "one hold left");
                lock.writeUnlock();
                assertFalse(lock.isWriteLocked());
                Coro reader = Coro.spawn(lock::readLock);
                reader.join();
                assertFalse(lock.tryWriteLock(), "a reader holds it");
                assertEquals(1, lock.readers());
            });
        }
    }

    @Test
    void awaitingAnOpenLatchWithATimeoutReturnsTrueAtOnce() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Latch latch = new Latch(1);
                latch.countDown();
                long t0 = Coro.now();
                assertTrue(latch.await(Duration.ofSeconds(5)));
                assertEquals(t0, Coro.now(), "no wait");
                Latch closed = new Latch(1);
                assertFalse(closed.await(Duration.ofMillis(30)));
                assertEquals(t0 + Duration.ofMillis(30).toNanos(), Coro.now(), "waited exactly the timeout");
            });
        }
    }

    @Test
    void pushFrontWakesAParkedPop() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            String got = loop.call(() -> {
                Fifo<String> f = new Fifo<>();
                String[] popped = new String[1];
                Coro popper = Coro.spawn(() -> popped[0] = f.pop());
                Coro.yieldSlice(); // the popper parks
                f.pushFront("front");
                popper.join();
                return popped[0];
            });
            assertEquals("front", got);
        }
    }

    @Test
    void theLiveListKeepsEveryCoroWhenOneThatIsNotTheNewestDies() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Fifo<String> gate = new Fifo<>();
                Coro oldest = Coro.spawn("oldest", gate::pop);
                Coro middle = Coro.spawn("middle", gate::pop);
                Coro newest = Coro.spawn("newest", gate::pop);
                Coro.yieldSlice();
                middle.shutdown();
                middle.join();
                List<String> alive = new ArrayList<>();
                for (CoroInfo info : Coro.whereAll()) {
                    alive.add(info.name());
                }
                assertTrue(alive.containsAll(List.of("oldest", "newest")), alive.toString());
                assertFalse(alive.contains("middle"), alive.toString());
                oldest.shutdown();
                oldest.join();
                alive.clear();
                for (Coro c : Coro.current().scheduler().coros()) {
                    alive.add(c.name());
                }
                assertTrue(alive.contains("newest") && !alive.contains("oldest"), alive.toString());
                newest.shutdown();
                newest.join();
            });
        }
    }

    /** A coro that never waits but keeps yielding (a read loop whose socket is always ready) still times out. */
    @Test
    void aCoroThatOnlyYieldsGetsItsTimeoutAtAYield() throws Exception {
        // Virtual time that the coro itself moves past the deadline after its third yield: on the
        // system clock a loaded machine could let the 20 ms pass before the first yield returned.
        try (TestLoop loop = TestLoop.virtualTime()) {
            int[] yields = new int[1];
            loop.run(() -> {
                TimeoutError e = assertThrows(TimeoutError.class, () -> Coro.withTimeout(Duration.ofMillis(20), () -> {
                    while (true) {
                        Coro.yieldSlice();
                        if (++yields[0] == 3) {
                            loop.clock().advance(Duration.ofMillis(20));
                        }
                    }
                }));
                assertTrue(e.getMessage() == null || !e.getMessage().isEmpty());
            });
            assertEquals(3, yields[0], "it yielded until the deadline passed, and got its timeout at the next yield");
        }
    }

    /** A coro woken with a value when its timer fires keeps the value: the timeout waits a pass. */
    @Test
    void aCoroWokenWithAValueBeforeItsTimeoutFiresStillGetsTheValue() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            String got = loop.call(() -> {
                Fifo<String> f = new Fifo<>();
                f.size(); // the fifo belongs to this loop
                // Due at the same instant as the timeout, and armed first: it runs first in that pass.
                Coro.current().scheduler().schedule(Duration.ofMillis(10), () -> f.push("value"));
                return Coro.withTimeout(Duration.ofMillis(10), f::pop);
            });
            assertEquals("value", got);
        }
    }

    /** Every primitive is confined to the loop that first used it, not only the fifo. */
    @SuppressWarnings("unchecked")
    @Test
    void everyPrimitiveRefusesACoroOfAnotherLoop() throws Exception {
        List<Consumer<Object>> uses = List.of(
                m -> ((Mutex) m).lock().close(),
                s -> ((Semaphore) s).acquire(),
                r -> ((RwLock) r).readLock(),
                c -> ((ConditionVariable<?>) c).wakeAll(),
                l -> ((Latch) l).countDown(),
                o -> ((OneShot<String>) o).signal("set"),
                i -> ((InvertedSemaphore) i).acquire());
        List<Object> primitives = List.of(new Mutex(), new Semaphore(5), new RwLock(), new ConditionVariable<String>(),
                new Latch(3), new OneShot<String>(), new InvertedSemaphore());
        try (TestLoop first = TestLoop.virtualTime(); TestLoop second = TestLoop.virtualTime()) {
            for (int i = 0; i < primitives.size(); i++) {
                Object p = primitives.get(i);
                Consumer<Object> use = uses.get(i);
                first.run(() -> use.accept(p));
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> second.run(() -> use.accept(p)),
                        p.getClass().getSimpleName());
                assertTrue(e.getMessage().contains("Primitives are confined to the loop that first used them"),
                        p.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }
}
