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

@ExtendWith(CoroTestExtension.class)
class RwLockTest {
    private int resumed;

    private Body writeAndCount(RwLock lock) {
        return () -> {
            lock.writeLock();
            resumed++;
            lock.writeUnlock();
        };
    }

    private Body readAndCount(RwLock lock) {
        return () -> {
            lock.readLock();
            resumed++;
            lock.readUnlock();
        };
    }

    @Test
    void writersShutDownBeforeTheReadUnlockStayDownAndOnlyTheSurvivorWrites() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                RwLock lock = new RwLock();
                lock.readLock();
                List<Coro> doomed = Waiting.spawn(5, writeAndCount(lock));
                Coro survivor = Coro.spawn(writeAndCount(lock));
                Coro.yieldSlice();
                doomed.forEach(Coro::shutdown);
                lock.readUnlock();
                assertSame(survivor, lock.writer());
                Waiting.joinAll(doomed, survivor);
                assertEquals(1, resumed);
                assertFree(lock);
            });
        }
    }

    @Test
    void writerGrantedTheLockThenShutDownPassesItToTheSurvivor() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                RwLock lock = new RwLock();
                lock.readLock();
                List<Coro> doomed = Waiting.spawn(5, writeAndCount(lock));
                Coro survivor = Coro.spawn(writeAndCount(lock));
                Coro.yieldSlice();
                lock.readUnlock();
                assertSame(doomed.get(0), lock.writer());
                doomed.forEach(Coro::shutdown);
                Waiting.joinAll(doomed, survivor);
                assertEquals(1, resumed);
                assertFree(lock);
            });
        }
    }

    @Test
    void readersShutDownBeforeTheWriteUnlockStayDownAndOnlyTheSurvivorReads() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                RwLock lock = new RwLock();
                lock.writeLock();
                List<Coro> doomed = Waiting.spawn(5, readAndCount(lock));
                Coro survivor = Coro.spawn(readAndCount(lock));
                Coro.yieldSlice();
                doomed.forEach(Coro::shutdown);
                lock.writeUnlock();
                assertEquals(1, lock.readers());
                Waiting.joinAll(doomed, survivor);
                assertEquals(1, resumed);
                assertFree(lock);
            });
        }
    }

    @Test
    void readersGrantedTheLockThenShutDownGiveItBackAndTheSurvivorReadsOnce() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                RwLock lock = new RwLock();
                lock.writeLock();
                List<Coro> doomed = Waiting.spawn(5, readAndCount(lock));
                Coro survivor = Coro.spawn(readAndCount(lock));
                Coro.yieldSlice();
                lock.writeUnlock();
                assertEquals(6, lock.readers());
                doomed.forEach(Coro::shutdown);
                Waiting.joinAll(doomed, survivor);
                assertEquals(1, resumed);
                assertFree(lock);
            });
        }
    }

    @Test
    void aWaitingWriterHoldsBackNewReaders() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                RwLock lock = new RwLock();
                List<String> order = new ArrayList<>();
                lock.readLock();
                Coro writer = Coro.spawn(() -> {
                    lock.writeLock();
                    order.add("writer");
                    Coro.sleep(Duration.ofMillis(5));
                    lock.writeUnlock();
                });
                Coro.yieldSlice();
                Coro reader = Coro.spawn(() -> {
                    lock.readLock();
                    order.add("late reader");
                    lock.readUnlock();
                });
                Coro.yieldSlice();
                assertEquals(List.of(), order, "the late reader waits behind the waiting writer");
                lock.readUnlock();
                Waiting.joinAll(List.of(writer, reader));
                assertEquals(List.of("writer", "late reader"), order);
                assertFree(lock);
            });
        }
    }

    @Test
    void aReaderMayReadAgainWhileAWriterWaits() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                RwLock lock = new RwLock();
                lock.readLock();
                Coro writer = Coro.spawn(() -> {
                    lock.writeLock();
                    lock.writeUnlock();
                });
                Coro.yieldSlice();
                assertTrue(lock.tryReadLock(), "a second read by a reader must not wait for the writer");
                lock.readLock();
                assertEquals(3, lock.readers());
                lock.readUnlock();
                lock.readUnlock();
                lock.readUnlock();
                writer.join();
                assertFree(lock);
            });
        }
    }

    @Test
    void theWriterMayAlsoReadAndWriteAgain() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                RwLock lock = new RwLock();
                lock.writeLock();
                Coro otherWriter = Coro.spawn(() -> {
                    lock.writeLock();
                    lock.writeUnlock();
                });
                Coro.yieldSlice();
                lock.readLock();
                assertTrue(lock.tryWriteLock());
                lock.writeUnlock();
                lock.writeUnlock();
                assertNull(lock.writer());
                Coro.yieldSlice();
                assertFalse(otherWriter.isDead(), "our read lock still holds the other writer back");
                lock.readUnlock();
                otherWriter.join();
                assertFree(lock);
            });
        }
    }

    @Test
    void upgradingAReadLockIsRefusedInsteadOfDeadlocking() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                RwLock lock = new RwLock();
                lock.readLock();
                IllegalStateException e = assertThrows(IllegalStateException.class, lock::writeLock);
                assertTrue(e.getMessage().contains("Release the read lock first"), e.getMessage());
                assertFalse(lock.tryWriteLock());
                lock.readUnlock();
                assertFree(lock);
            });
        }
    }

    @Test
    void unlockingWhatAnotherCoroHoldsIsAnError() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                RwLock lock = new RwLock();
                lock.writeLock();
                Coro other = Coro.spawn(() -> {
                    assertThrows(IllegalStateException.class, lock::writeUnlock);
                    assertThrows(IllegalStateException.class, lock::readUnlock);
                });
                other.join();
                assertSame(Coro.current(), lock.writer());
                lock.writeUnlock();
                assertThrows(IllegalStateException.class, lock::writeUnlock);
            });
        }
    }

    @Test
    void aWriterThatTimesOutLetsTheReadersItHeldBackIn() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                RwLock lock = new RwLock();
                lock.readLock();
                long t0 = Coro.now();
                long[] readAt = {-1};
                Coro writer = Coro.spawn(() -> assertThrows(TimeoutError.class,
                        () -> Coro.withTimeout(Duration.ofMillis(10), lock::writeLock)));
                Coro.yieldSlice();
                Coro reader = Coro.spawn(() -> {
                    lock.readLock();
                    readAt[0] = Coro.now() - t0;
                    lock.readUnlock();
                });
                Waiting.joinAll(List.of(writer, reader));
                assertEquals(Duration.ofMillis(10).toNanos(), readAt[0]);
                lock.readUnlock();
                assertFree(lock);
            });
        }
    }

    private static void assertFree(RwLock lock) {
        assertNull(lock.writer());
        assertEquals(0, lock.readers());
        assertEquals(0, lock.queued());
    }
}
