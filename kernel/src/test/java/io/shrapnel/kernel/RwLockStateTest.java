package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
                assertEquals("RwLock[writer=" + Coro.current() + ", 0 read holds, 1 writers and 1 readers waiting]",
                        lock.toString());
                lock.writeUnlock();
                reader.join();
                writer.join();
                assertEquals(0, lock.queued());
            });
        }
    }
}
