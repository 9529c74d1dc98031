package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What an RwLock says about itself: its holder, its read holds and who waits. */
@ExtendWith(CoroTestExtension.class)
class RwLockStateTest {
    @Test
    void theLockNamesItsWriterAndCountsHoldsAndWaiters() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                RwLock lock = new RwLock();
                assertEquals("RwLock[0 read holds, 0 writers and 0 readers waiting]", lock.toString());
                lock.writeLock();
                Coro reader = Coro.spawn("reader", () -> {
                    lock.readLock();
                    lock.readUnlock();
                });
                Coro writer = Coro.spawn("writer", () -> {
                    lock.writeLock();
                    lock.writeUnlock();
                });
                Coro.yieldSlice(); // both wait
                assertEquals(2, lock.queued());
                assertEquals(2, lock.waiting());
                assertEquals("RwLock[writer=" + Coro.current() + ", 0 read holds, 1 writers and 1 readers waiting]",
                        lock.toString());
                lock.writeUnlock();
                reader.join();
                writer.join();
                assertEquals(0, lock.queued());
            });
        }
    }

    @Test
    void aReadTryFailsWhileAnotherHoldsTheWriteLockAndAStrayUnlockSaysWhoHoldsIt() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                RwLock lock = new RwLock();
                IllegalStateException free = assertThrows(IllegalStateException.class, lock::writeUnlock);
                assertTrue(free.getMessage().contains("nobody holds"), free.getMessage());
                lock.writeLock();
                Coro other = Coro.spawn("other", () -> {
                    assertFalse(lock.tryReadLock());
                    IllegalStateException held = assertThrows(IllegalStateException.class, lock::writeUnlock);
                    assertTrue(held.getMessage().contains("is held by " + loop.scheduler().coros().stream()
                            .filter(c -> "test-main".equals(c.name())).findFirst().orElseThrow()), held.getMessage());
                });
                other.join();
                assertEquals(null, other.exitError());
                lock.writeUnlock();
            });
        }
    }

    @Test
    void reEntrantReadHoldsAreCountedSoTheLastUnlockEndsThemAndAnExtraOneIsRefused() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                RwLock lock = new RwLock();
                lock.readLock();
                lock.readLock();
                assertEquals(2, lock.readers());
                lock.readUnlock();
                assertEquals(1, lock.readers());
                lock.readUnlock();
                assertEquals(0, lock.readers());
                IllegalStateException extra = assertThrows(IllegalStateException.class, lock::readUnlock);
                assertTrue(extra.getMessage().contains("does not hold"), extra.getMessage());
                assertEquals(0, lock.readers());
                lock.writeLock(); // no read hold of ours is left to refuse it
                lock.writeUnlock();
            });
        }
    }
}
