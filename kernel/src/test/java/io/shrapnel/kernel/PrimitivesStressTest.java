package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many coros on each primitive with random pauses, timeouts and interrupts (see {@link Chaos}); each
 * run is bounded, and seeded so that it replays exactly. Every run checks the primitive's safety
 * property while it runs and, at the end, that every step is accounted for, that no waiter is left
 * in its queue, and (through the calm phase) that no wakeup was lost.
 */
@ExtendWith(CoroTestExtension.class)
class PrimitivesStressTest {
    private static final int WORKERS = 40;
    private static final int STEPS = 40;
    /** Steps of chaos before the calm. */
    private static final int CHAOS_STEPS = WORKERS * STEPS / 2;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 7, 42})
    void mutexHasOneOwnerAtATimeAndLeavesNoWaiterBehind(long seed) throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Chaos chaos = new Chaos(seed, CHAOS_STEPS);
                Mutex m = new Mutex();
                Coro[] inside = {null};
                for (int i = 0; i < WORKERS; i++) {
                    chaos.spawnWorker("worker-" + i, () -> {
                        Coro me = Coro.current();
                        for (int s = 0; s < STEPS; s++) {
                            chaos.attempt(() -> chaos.maybeTimed(() -> {
                                try (Mutex.Hold h = m.lock()) {
                                    assertNull(inside[0], "two owners at once");
                                    inside[0] = me;
                                    try {
                                        if (chaos.random.nextInt(4) == 0) {
                                            try (Mutex.Hold again = m.lock()) {
                                                assertEquals(2, m.holdCount());
                                                chaos.pause();
                                            }
                                        }
                                        chaos.pause();
                                        assertSame(me, inside[0]);
                                    } finally {
                                        inside[0] = null;
                                    }
                                }
                            }));
                        }
                    });
                }
                chaos.runToCompletion();
                assertEquals(WORKERS * STEPS, chaos.completed + chaos.interrupted + chaos.timedOut);
                chaos.assertAllOutcomesHappened();
                assertFalse(m.isLocked());
                assertEquals(0, m.queued());
            });
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 7, 42})
    void semaphoreNeverLendsMoreThanItHasAndLosesNoUnit(long seed) throws Exception {
        int capacity = 5;
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Chaos chaos = new Chaos(seed, CHAOS_STEPS);
                Semaphore sem = new Semaphore(capacity);
                int[] inUse = {0};
                int[] most = {0};
                for (int i = 0; i < WORKERS; i++) {
                    chaos.spawnWorker("worker-" + i, () -> {
                        for (int s = 0; s < STEPS; s++) {
                            int units = 1 + chaos.random.nextInt(3);
                            chaos.attempt(() -> chaos.maybeTimed(() -> {
                                sem.acquire(units);
                                try {
                                    inUse[0] += units;
                                    most[0] = Math.max(most[0], inUse[0]);
                                    assertTrue(inUse[0] <= capacity, inUse[0] + " units lent out of " + capacity);
                                    chaos.pause();
                                } finally {
                                    inUse[0] -= units;
                                    sem.release(units);
                                }
                            }));
                        }
                    });
                }
                chaos.runToCompletion();
                assertEquals(WORKERS * STEPS, chaos.completed + chaos.interrupted + chaos.timedOut);
                chaos.assertAllOutcomesHappened();
                assertTrue(most[0] > 3, "several holders at once: " + most[0]);
                assertEquals(capacity, sem.available());
                assertEquals(0, sem.queued());
            });
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 7, 42})
    void rwLockNeverLetsAWriterInWithAnyoneElse(long seed) throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Chaos chaos = new Chaos(seed, CHAOS_STEPS);
                RwLock lock = new RwLock();
                int[] readers = {0};
                int[] writers = {0};
                int[] mostReaders = {0};
                for (int i = 0; i < WORKERS; i++) {
                    chaos.spawnWorker("worker-" + i, () -> {
                        for (int s = 0; s < STEPS; s++) {
                            boolean write = chaos.random.nextInt(3) == 0;
                            chaos.attempt(() -> chaos.maybeTimed(() -> {
                                if (write) {
                                    lock.writeLock();
                                    try {
                                        assertEquals(0, readers[0], "a writer among readers");
                                        assertEquals(0, writers[0], "two writers");
                                        writers[0]++;
                                        try {
                                            if (chaos.random.nextInt(3) == 0) {
                                                lock.readLock(); // a writer may also read
                                                lock.readUnlock();
                                            }
                                            chaos.pause();
                                        } finally {
                                            writers[0]--;
                                        }
                                    } finally {
                                        lock.writeUnlock();
                                    }
                                } else {
                                    lock.readLock();
                                    try {
                                        assertEquals(0, writers[0], "a reader beside a writer");
                                        readers[0]++;
                                        mostReaders[0] = Math.max(mostReaders[0], readers[0]);
                                        try {
                                            if (chaos.random.nextInt(4) == 0) {
                                                lock.readLock(); // re-entrant, even with writers waiting
                                                lock.readUnlock();
                                            }
                                            chaos.pause();
                                        } finally {
                                            readers[0]--;
                                        }
                                    } finally {
                                        lock.readUnlock();
                                    }
                                }
                            }));
                        }
                    });
                }
                chaos.runToCompletion();
                assertEquals(WORKERS * STEPS, chaos.completed + chaos.interrupted + chaos.timedOut);
                chaos.assertAllOutcomesHappened();
                assertTrue(mostReaders[0] > 1, "readers shared the lock");
                assertNull(lock.writer());
                assertEquals(0, lock.readers());
                assertEquals(0, lock.queued());
            });
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 7, 42})
    void conditionVariableDeliversEachWakeOneOnceAndLosesNoneWhenCalm(long seed) throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Chaos chaos = new Chaos(seed, CHAOS_STEPS);
                ConditionVariable<Integer> cv = new ConditionVariable<>();
                Set<Integer> received = new HashSet<>();
                Set<Integer> sentWhenCalm = new HashSet<>();
                for (int i = 0; i < WORKERS; i++) {
                    chaos.spawnWorker("worker-" + i, () -> {
                        for (int s = 0; s < STEPS; s++) {
                            chaos.attempt(() -> chaos.maybeTimed(() -> {
                                int token = cv.await();
                                if (token > 0) {
                                    assertTrue(received.add(token), "token " + token + " delivered twice");
                                }
                            }));
                        }
                    });
                }
                Coro waker = Coro.spawn("waker", () -> {
                    int next = 0;
                    boolean wasCalm = false;
                    while (!chaos.workersDone()) {
                        Coro.sleep(chaos.ticks(5));
                        // Calm for a whole pause: interrupts raised before the calm have all landed.
                        boolean calm = chaos.calm() && wasCalm;
                        wasCalm = chaos.calm();
                        switch (chaos.random.nextInt(40)) {
                            case 0 -> cv.wakeAll(-1);
                            case 1, 2 -> cv.wakeN(3, -2);
                            default -> {
                                int token = ++next;
                                if (cv.wakeOne(token) && calm) {
                                    sentWhenCalm.add(token);
                                }
                            }
                        }
                    }
                });
                chaos.runToCompletion();
                waker.join();
                assertEquals(WORKERS * STEPS, chaos.completed + chaos.interrupted + chaos.timedOut);
                chaos.assertAllOutcomesHappened();
                assertTrue(sentWhenCalm.size() > 100, "a calm phase with wakes: " + sentWhenCalm.size() + "; " + chaos);
                sentWhenCalm.removeAll(received);
                assertEquals(Set.of(), sentWhenCalm, "wakes lost while calm");
                assertEquals(0, cv.size());
                assertEquals(0, cv.queued());
            });
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 7, 42})
    void fifoDeliversEveryItemExactlyOnceInOrderPerProducer(long seed) throws Exception {
        int producers = 10;
        int consumers = WORKERS - producers;
        long stop = -1;
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Chaos chaos = new Chaos(seed, producers * STEPS) /* about half of all pushes and pops */;
                Fifo<Long> fifo = new Fifo<>();
                Set<Long> received = new HashSet<>();
                List<Coro> producing = new ArrayList<>();
                for (int p = 0; p < producers; p++) {
                    long id = p;
                    producing.add(chaos.spawnWorker("producer-" + p, () -> {
                        for (int s = 0; s < STEPS; s++) {
                            fifo.push(id * 1_000_000 + s);
                            chaos.attempt(chaos::pause);
                        }
                    }));
                }
                for (int c = 0; c < consumers; c++) {
                    chaos.spawnWorker("consumer-" + c, () -> {
                        long[] last = new long[producers];
                        java.util.Arrays.fill(last, -1);
                        boolean[] stopped = {false};
                        while (!stopped[0]) {
                            chaos.attempt(() -> chaos.maybeTimed(() -> {
                                List<Long> got = chaos.random.nextInt(3) == 0 ? fifo.popAll() : List.of(fifo.pop());
                                int stops = 0;
                                for (long item : got) {
                                    if (item == stop) {
                                        stops++;
                                        continue;
                                    }
                                    int p = (int) (item / 1_000_000);
                                    long seq = item % 1_000_000;
                                    assertTrue(seq > last[p], "producer " + p + "'s items out of order");
                                    last[p] = seq;
                                    assertTrue(received.add(item), item + " delivered twice");
                                }
                                for (int extra = 1; extra < stops; extra++) {
                                    fifo.push(stop); // popAll took stops meant for others
                                }
                                stopped[0] = stops > 0;
                            }));
                        }
                    });
                }
                Coro stopper = Coro.spawn("stopper", () -> {
                    for (Coro p : producing) {
                        p.join();
                    }
                    for (int c = 0; c < consumers; c++) {
                        fifo.push(stop);
                    }
                });
                chaos.runToCompletion();
                stopper.join();
                chaos.assertAllOutcomesHappened();
                assertEquals(producers * STEPS, received.size(), "every item arrived");
                assertTrue(fifo.isEmpty());
                assertEquals(0, fifo.queued());
            });
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 7, 42})
    void invertedSemaphoreWakesWaitersOnlyAfterAZero(long seed) throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Chaos chaos = new Chaos(seed, CHAOS_STEPS);
                InvertedSemaphore sem = new InvertedSemaphore();
                long[] zeros = {0};
                for (int i = 0; i < WORKERS; i++) {
                    boolean worker = i % 2 == 0;
                    chaos.spawnWorker((worker ? "worker-" : "watcher-") + i, () -> {
                        for (int s = 0; s < STEPS; s++) {
                            if (worker) {
                                chaos.attempt(() -> {
                                    sem.acquire();
                                    try {
                                        chaos.pause();
                                    } finally {
                                        sem.release();
                                        if (sem.value() == 0) {
                                            zeros[0]++;
                                        }
                                    }
                                });
                            } else {
                                chaos.attempt(() -> chaos.maybeTimed(() -> {
                                    long before = zeros[0];
                                    boolean zeroNow = sem.value() == 0;
                                    sem.blockTillZero();
                                    assertTrue(zeroNow || zeros[0] > before, "woken without a zero");
                                    chaos.pause();
                                }));
                            }
                        }
                    });
                }
                chaos.runToCompletion();
                assertEquals(WORKERS * STEPS, chaos.completed + chaos.interrupted + chaos.timedOut);
                chaos.assertAllOutcomesHappened();
                assertEquals(0, sem.value());
                assertEquals(0, sem.queued());
            });
        }
    }
}
