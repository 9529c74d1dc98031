package io.shrapnel.kernel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Interrupted;
import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The kernel's wait queue and its waiters, driven directly (the primitives are built on them). */
@ExtendWith(CoroTestExtension.class)
class WaitQueueTest {
    /** A waiter of the current coro that nobody will wake (begun, then abandoned): for the queue's links. */
    private static Waiter idle(String blocker) {
        Waiter w = Waiter.begin(blocker);
        w.abandon();
        assertFalse(w.isPending());
        return w;
    }

    /** What the queue holds, head first, as the blockers' generations. */
    private static List<Integer> order(WaitQueue q) {
        List<Integer> out = new ArrayList<>();
        q.forEach(w -> out.add(w.generation()));
        return out;
    }

    @Test
    void addAppendsAddFirstPrependsAndRemoveUnlinksFromAnyPlace() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                WaitQueue q = new WaitQueue();
                assertTrue(q.isEmpty());
                assertNull(q.peek());
                assertNull(q.poll());
                Waiter a = idle("a");
                Waiter b = idle("b");
                Waiter c = idle("c");
                Waiter d = idle("d");
                q.add(b);
                q.add(c);
                q.addFirst(a);
                q.add(d);
                assertEquals(List.of(a.generation(), b.generation(), c.generation(), d.generation()), order(q));
                assertEquals(4, q.size());
                assertFalse(q.isEmpty());
                assertSame(a, q.peek());
                assertEquals(4, q.coros().size());
                assertSame(Coro.current(), q.coros().get(0));

                assertThrows(IllegalStateException.class, () -> q.add(b), "already queued");
                assertThrows(IllegalStateException.class, () -> q.addFirst(b), "already queued");
                assertFalse(q.remove(idle("e")), "never queued");
                assertEquals(4, q.size(), "a remove of a stranger changes nothing");

                assertTrue(q.remove(c)); // from the middle
                assertFalse(q.remove(c), "only once");
                assertEquals(List.of(a.generation(), b.generation(), d.generation()), order(q));
                assertTrue(q.remove(d)); // the tail
                q.add(c); // links rebuilt: c is the new tail, after b
                assertEquals(List.of(a.generation(), b.generation(), c.generation()), order(q));
                assertSame(a, q.poll()); // the head
                assertSame(b, q.peek());
                assertTrue(q.remove(b));
                assertSame(c, q.peek());
                assertSame(c, q.poll());
                assertTrue(q.isEmpty());
                assertEquals(0, q.size());
                q.addFirst(a); // into an empty queue: head and tail
                q.add(b);
                assertEquals(List.of(a.generation(), b.generation()), order(q));
                q.addFirst(d);
                assertEquals(List.of(d.generation(), a.generation(), b.generation()), order(q));
                assertEquals(0, q.countPending(), "all abandoned");
                assertEquals(0, q.wakeAll("x"), "nobody to wake");
                assertTrue(q.isEmpty(), "but all taken off");
            });
        }
    }

    @Test
    void wakeOneSkipsWaitersThatNoLongerWaitAndWakeAllCountsOnlyTheWoken() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                WaitQueue q = new WaitQueue();
                List<String> got = new ArrayList<>();
                q.add(idle("stale")); // its coro went on: a wake must pass it by
                List<Coro> coros = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    String me = "w" + i;
                    coros.add(Coro.spawn(() -> got.add(me + "=" + q.await("queue"))));
                }
                Coro.yieldSlice(); // all three wait
                assertEquals(4, q.size());
                assertEquals(3, q.countPending());
                Waiter woken = q.wakeOne("first");
                assertSame(coros.get(0), woken.coro());
                assertTrue(woken.wasHanded());
                assertEquals(2, q.size(), "the stale waiter and the woken one are off the queue");
                assertEquals(2, q.wakeAll("rest"));
                assertNull(q.wakeOne("nobody"));
                for (Coro c : coros) {
                    c.join();
                }
                assertEquals(List.of("w0=first", "w1=rest", "w2=rest"), got);
            });
        }
    }

    @Test
    void failAllThrowsIntoEveryWaiterStillWaitingAndCountsThem() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                WaitQueue q = new WaitQueue();
                List<String> got = new ArrayList<>();
                q.add(idle("stale"));
                for (int i = 0; i < 2; i++) {
                    Coro.spawn(() -> {
                        try {
                            q.await("queue");
                        } catch (IllegalStateException e) {
                            got.add(e.getMessage());
                        }
                    });
                }
                Coro.yieldSlice();
                assertEquals(2, q.failAll(new IllegalStateException("closed")));
                assertTrue(q.isEmpty());
                Coro.yieldSlice();
                assertEquals(List.of("closed", "closed"), got);
            });
        }
    }

    /** An exit that records which of its hooks ran. */
    private static final class Recorder implements WaitQueue.Exit {
        final List<String> calls = new ArrayList<>();

        @Override
        public void handedThenCancelled(Waiter w) {
            calls.add("handedThenCancelled");
        }

        @Override
        public void leftUnwoken(Waiter w) {
            calls.add("leftUnwoken");
        }
    }

    @Test
    void aTimedWaitReturnsItsExpiredValueOnTimeLeavesTheQueueAndSaysItWasNotWoken() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                WaitQueue q = new WaitQueue();
                Recorder exit = new Recorder();
                long t0 = Coro.now();
                Waiter w = Waiter.begin("timed");
                assertEquals("timed out", q.await(w, exit, Duration.ofMillis(30), "timed out"));
                assertEquals(Duration.ofMillis(30).toNanos(), Coro.now() - t0);
                assertFalse(w.wasHanded(), "an expiry is not a hand-over");
                assertTrue(q.isEmpty());
                assertEquals(List.of("leftUnwoken"), exit.calls);
                assertEquals(0, Coro.current().scheduler().stats().pendingTimers());

                assertEquals("timed out", q.await("plain", Duration.ofMillis(5), "timed out"));
                assertTrue(q.isEmpty());
            });
        }
    }

    @Test
    void aTimedWaitWokenInTimeGetsTheValueAndItsTimerIsCancelled() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                WaitQueue q = new WaitQueue();
                Recorder exit = new Recorder();
                Coro.spawn(() -> {
                    Coro.sleep(Duration.ofMillis(10));
                    q.wakeOne("value");
                });
                assertEquals("value", q.await(Waiter.begin("timed"), exit, Duration.ofMillis(30), "timed out"));
                assertEquals(List.of(), exit.calls);
                assertEquals(0, Coro.current().scheduler().stats().pendingTimers());
            });
        }
    }

    @Test
    void anInterruptedWaiterLeavesTheQueueAndTheExitSaysWhetherItHadBeenHandedSomething() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                WaitQueue q = new WaitQueue();
                Recorder unwoken = new Recorder();
                Recorder handed = new Recorder();
                List<String> ends = new ArrayList<>();
                Coro first = Coro.spawn(() -> {
                    try {
                        q.await(Waiter.begin("first"), handed);
                    } catch (Interrupted e) {
                        ends.add("first interrupted");
                    }
                });
                Coro second = Coro.spawn(() -> {
                    try {
                        q.awaitFirst(Waiter.begin("second"), unwoken);
                    } catch (Interrupted e) {
                        ends.add("second interrupted");
                    }
                });
                Coro.yieldSlice();
                assertEquals(List.of(second, first), q.coros(), "awaitFirst queues at the head");
                second.interrupt(); // still waiting: it takes itself off the queue
                Coro.yieldSlice();
                assertEquals(List.of("leftUnwoken"), unwoken.calls);
                assertEquals(List.of(first), q.coros());
                assertSame(first, q.wakeOne("yours").coro()); // handed a value...
                first.interrupt(); // ...and interrupted before it ran
                first.join();
                second.join();
                assertEquals(List.of("handedThenCancelled"), handed.calls);
                assertEquals(List.of("second interrupted", "first interrupted"), ends);
            });
        }
    }

    @Test
    void waitersDescribeThemselvesCarryAnAttachmentAndFailFromAnyThread() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> {
                Coro me = Coro.current();
                Waiter done = idle("done");
                assertEquals("Waiter[" + me + " wait#" + done.generation() + " over]", done.toString());
                assertNull(done.attachment());
                assertSame(done, done.attach(7));
                assertEquals(7, done.attachment());
                assertFalse(done.fail(new IllegalStateException("late")), "it no longer waits");
                assertFalse(done.wake("late"));
                assertFalse(done.wasHanded());

                Waiter w = Waiter.begin(me, "remote");
                assertEquals(done.generation() + 1, w.generation());
                assertSame(me, w.coro());
                assertEquals("Waiter[" + me + " wait#" + w.generation() + "]", w.toString());
                Thread t = Thread.ofPlatform().start(() -> w.failFromAnyThread(new IllegalStateException("from afar")));
                IllegalStateException e = assertThrows(IllegalStateException.class, w::await);
                assertEquals("from afar", e.getMessage());
                t.join();

                Waiter here = Waiter.begin("here");
                Coro.spawn(() -> here.failFromAnyThread(new IllegalArgumentException("on the loop")));
                assertThrows(IllegalArgumentException.class, here::await);
            });
        }
    }

    @Test
    void awaitFirstQueuesAtTheHeadAndReturnsTheValueItIsWokenWith() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                WaitQueue q = new WaitQueue();
                List<Object> got = new ArrayList<>();
                Coro.spawn(() -> got.add("back " + q.await("queue")));
                Coro.spawn(() -> got.add("front " + q.awaitFirst(Waiter.begin("queue"), WaitQueue.PLAIN)));
                Coro.yieldSlice();
                q.wakeOne("one");
                q.wakeOne("two");
                Coro.yieldSlice();
                assertEquals(List.of("front one", "back two"), got);
            });
        }
    }
}
