package io.shrapnel.kernel;

import io.shrapnel.kernel.internal.Waiter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CoroTestExtension.class)
class CrossThreadWakeupTest {
    private static final int THREADS = 10;

    @Test
    void wakeupsFromTenPlatformThreadsAreNeitherLostNorDuplicated() throws Exception {
        int coros = 2_000;
        try (TestLoop loop = TestLoop.create()) {
            ConcurrentLinkedQueue<Waiter> toWake = new ConcurrentLinkedQueue<>();
            int[] resumes = new int[coros];
            Object[] values = new Object[coros];
            Waiter[] second = new Waiter[coros];
            loop.run(() -> {
                List<Coro> all = new ArrayList<>();
                for (int i = 0; i < coros; i++) {
                    int me = i;
                    all.add(Coro.spawn(() -> {
                        Waiter w = Waiter.begin("first wait");
                        toWake.add(w);
                        toWake.add(w); // every waiter is woken twice, by two threads
                        values[me] = w.await();
                        resumes[me]++;
                        second[me] = Waiter.begin("second wait");
                        second[me].await(); // a stale second wake of the first wait must not end this one
                        resumes[me]++;
                    }));
                }
                Coro.yieldSlice(); // every coro now waits in its first wait
                CountDownLatch start = new CountDownLatch(1);
                List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    threads.add(Thread.ofPlatform().start(() -> {
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            return;
                        }
                        Waiter w;
                        while ((w = toWake.poll()) != null) {
                            w.wakeFromAnyThread("thread-" + thread);
                        }
                    }));
                }
                start.countDown();
                for (Thread t : threads) {
                    Coro.offload(() -> {
                        t.join();
                        return null;
                    });
                }
                Coro.yieldSlice();
                Coro.yieldSlice();
                for (int i = 0; i < coros; i++) {
                    assertEquals(1, resumes[i], "coro " + i + " resumed from its first wait exactly once");
                    assertTrue(second[i] != null && second[i].isPending(), "coro " + i + " is still in its second wait");
                    assertTrue(second[i].wake("done"));
                }
                for (Coro c : all) {
                    c.join();
                }
            });
            for (int i = 0; i < coros; i++) {
                assertEquals(2, resumes[i]);
                assertTrue(String.valueOf(values[i]).startsWith("thread-"));
            }
        }
    }

    @Test
    void postsFromTenThreadsAllRunOnTheLoopInPerThreadOrder() throws Exception {
        int perThread = 10_000;
        try (TestLoop loop = TestLoop.create()) {
            int[] lastSeen = new int[THREADS];
            int[] count = {0};
            boolean[] inOrder = {true};
            boolean[] onLoop = {true};
            loop.run(() -> {
                Scheduler s = Coro.current().scheduler();
                List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    threads.add(Thread.ofPlatform().start(() -> {
                        for (int i = 1; i <= perThread; i++) {
                            int seq = i;
                            s.post(() -> {
                                onLoop[0] &= s.inLoop();
                                inOrder[0] &= lastSeen[thread] == seq - 1;
                                lastSeen[thread] = seq;
                                count[0]++;
                            });
                        }
                    }));
                }
                for (Thread t : threads) {
                    Coro.offload(() -> {
                        t.join();
                        return null;
                    });
                }
                while (count[0] < THREADS * perThread) {
                    Coro.yieldSlice();
                }
            });
            assertEquals(THREADS * perThread, count[0]);
            assertTrue(inOrder[0], "posts of one thread ran in order");
            assertTrue(onLoop[0], "posts ran on the loop thread");
        }
    }
}
