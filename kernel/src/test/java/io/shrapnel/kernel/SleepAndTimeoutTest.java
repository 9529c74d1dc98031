package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CoroTestExtension.class)
class SleepAndTimeoutTest {
    private static Duration ms(long n) {
        return Duration.ofMillis(n);
    }

    @Test
    void sleepWakesExactlyAtItsDeadlineOnTheLoopClock() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            long slept = loop.call(() -> {
                long t0 = Coro.now();
                Coro.sleep(Duration.ofSeconds(30));
                return Coro.now() - t0;
            });
            assertEquals(Duration.ofSeconds(30).toNanos(), slept);
        }
    }

    @Test
    void sleepUntilTakesAnAbsoluteDeadline() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            long[] r = loop.call(() -> {
                long deadline = Coro.now() + ms(250).toNanos();
                Coro.sleepUntil(deadline);
                return new long[] {deadline, Coro.now()};
            });
            assertEquals(r[0], r[1]);
        }
    }

    @Test
    void sleepersWakeInDeadlineOrder() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            List<Integer> order = new ArrayList<>();
            loop.run(() -> {
                List<Coro> cs = new ArrayList<>();
                for (int i : new int[] {5, 1, 4, 2, 3}) {
                    cs.add(Coro.spawn(() -> {
                        Coro.sleep(ms(i * 10));
                        order.add(i);
                    }));
                }
                for (Coro c : cs) {
                    c.join();
                }
            });
            assertEquals(List.of(1, 2, 3, 4, 5), order);
        }
    }

    @Test
    void withTimeoutReturnsTheValueAndRemovesItsTimer() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            int v = loop.call(() -> Coro.withTimeout(Duration.ofSeconds(1), () -> 42));
            assertEquals(42, v);
            assertEquals(0, loop.scheduler().stats().pendingTimers());
        }
    }

    @Test
    void withTimeoutThrowsTimeoutErrorWhenTheTimerFires() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            long[] elapsed = {0};
            TimeoutError e = assertThrows(TimeoutError.class, () -> loop.run(() -> {
                long t0 = Coro.now();
                try {
                    Coro.withTimeout(ms(100), () -> Coro.sleep(Duration.ofHours(1)));
                } finally {
                    elapsed[0] = Coro.now() - t0;
                }
            }));
            assertEquals(ms(100).toNanos(), elapsed[0]);
            assertEquals(ms(100), e.timeout());
            assertEquals(0, loop.scheduler().stats().pendingTimers());
        }
    }

    @Test
    void cancellationIsNotAnExceptionSoCatchExceptionDoesNotSwallowIt() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            assertThrows(TimeoutError.class, () -> loop.run(() -> Coro.withTimeout(ms(10), () -> {
                try {
                    Coro.sleep(Duration.ofHours(1));
                } catch (Exception e) {
                    fail("a timeout must not be caught by catch (Exception)");
                }
            })));
        }
    }

    @Test
    void nestedTimeoutsInnerFiresFirst() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            String r = loop.call(() -> Coro.withTimeout(ms(200), () -> {
                try {
                    Coro.withTimeout(ms(50), () -> Coro.sleep(Duration.ofHours(1)));
                    return "inner returned";
                } catch (TimeoutError inner) {
                    Coro.sleep(ms(10)); // the outer timer is still armed and has not fired
                    return "inner timed out at " + inner.timeout().toMillis();
                }
            }));
            assertEquals("inner timed out at 50", r);
            assertEquals(0, loop.scheduler().stats().pendingTimers());
        }
    }

    @Test
    void nestedTimeoutsOuterFiresFirstAndOnlyTheOuterFrameCatchesIt() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            List<String> seen = new ArrayList<>();
            String r = loop.call(() -> {
                try {
                    return Coro.withTimeout(ms(50), () -> {
                        try {
                            return Coro.withTimeout(ms(200), () -> {
                                Coro.sleep(Duration.ofHours(1));
                                return "slept";
                            });
                        } catch (TimeoutError wrong) {
                            seen.add("inner handler caught the outer timeout");
                            return "wrong";
                        } catch (Interrupted passing) {
                            seen.add("inner frame saw " + passing.getClass().getSimpleName());
                            throw passing;
                        }
                    });
                } catch (TimeoutError outer) {
                    return "outer timed out after " + outer.timeout().toMillis();
                }
            });
            assertEquals("outer timed out after 50", r);
            assertEquals(List.of("inner frame saw Interrupted"), seen);
            assertEquals(0, loop.scheduler().stats().pendingTimers());
        }
    }

    @Test
    void timeoutFiringWhileItsCoroIsScheduledWaitsForTheNextPass() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            List<String> events = new ArrayList<>();
            loop.run(() -> {
                Coro slow = Coro.spawn("slow", () -> {
                    Coro.sleep(ms(8));
                    // Hold the loop 3 ms: when the loop next fires timers, the sleep below (9 ms) and
                    // the timeout (10 ms) are both due; the sleep fires first and schedules the coro.
                    loop.clock().advance(ms(3));
                });
                String r = Coro.withTimeout(ms(10), () -> {
                    Coro.sleep(ms(9));
                    events.add("woke from sleep at " + Duration.ofNanos(Coro.now() - 1_000_000_000L).toMillis());
                    return "returned before the timeout was delivered";
                });
                events.add(r);
                slow.join();
            });
            assertEquals(List.of("woke from sleep at 11", "returned before the timeout was delivered"), events);
        }
    }

    @Test
    void deferredTimeoutIsDeliveredAtTheNextWait() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            List<String> events = new ArrayList<>();
            loop.run(() -> {
                Coro slow = Coro.spawn("slow", () -> {
                    Coro.sleep(ms(8));
                    loop.clock().advance(ms(3));
                });
                try {
                    Coro.withTimeout(ms(10), () -> {
                        Coro.sleep(ms(9));
                        events.add("passed the first sleep");
                        Coro.sleep(Duration.ofHours(1));
                    });
                } catch (TimeoutError e) {
                    events.add("timed out at " + Duration.ofNanos(Coro.now() - 1_000_000_000L).toMillis());
                }
                slow.join();
            });
            assertEquals(List.of("passed the first sleep", "timed out at 11"), events);
        }
    }

    @Test
    void negativeTimeoutCountsAsZero() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            // A function that returns without waiting beats even a zero timeout...
            assertEquals("quick", loop.call(() -> Coro.withTimeout(ms(-5000), () -> "quick")));
            // ...but any wait gets the timeout on the next pass.
            assertThrows(TimeoutError.class, () -> loop.run(() -> Coro.withTimeout(ms(-5000), () -> Coro.sleep(ms(1)))));
        }
    }

    @Test
    void timedOutWaitLeavesNoTimerBehindAndTheNextWaitWorks() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                for (int i = 0; i < 100; i++) {
                    assertThrows(TimeoutError.class, () -> Coro.withTimeout(ms(1), () -> Coro.sleep(ms(5))));
                }
                Coro.sleep(ms(5));
            });
            assertEquals(0, loop.scheduler().stats().pendingTimers());
        }
    }

    @Test
    void yieldSliceResumesOnTheNextPassAfterTheOthers() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            List<String> order = new ArrayList<>();
            loop.run(() -> {
                Coro a = Coro.spawn(() -> {
                    order.add("a1");
                    Coro.yieldSlice();
                    order.add("a2");
                });
                Coro b = Coro.spawn(() -> {
                    order.add("b1");
                    Coro.yieldSlice();
                    order.add("b2");
                });
                a.join();
                b.join();
            });
            assertEquals(List.of("a1", "b1", "a2", "b2"), order);
        }
    }

    @Test
    void timeoutReachesACoroParkedInAJdkLock() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            var lock = new java.util.concurrent.locks.ReentrantLock();
            String r = loop.call(() -> {
                Coro holder = Coro.spawn("holder", () -> {
                    lock.lock();
                    try {
                        Coro.sleep(Duration.ofSeconds(30));
                    } finally {
                        lock.unlock();
                    }
                });
                Coro.yieldSlice();
                try {
                    Coro.withTimeout(ms(20), () -> {
                        lock.lockInterruptibly();
                        lock.unlock();
                    });
                    return "got the lock";
                } catch (TimeoutError e) {
                    assertTrue(e.getCause() instanceof InterruptedException, String.valueOf(e.getCause()));
                    assertTrue(!Thread.currentThread().isInterrupted(), "interrupt flag must be cleared");
                    return "timed out";
                } finally {
                    holder.shutdown();
                    holder.join();
                }
            });
            assertEquals("timed out", r);
        }
    }

    /**
     * Thousands of sleepers due at the same instant are fired a batch at a time, and the coros of each
     * batch run before the next is fired: another coro gets its turn between batches.
     */
    @Test
    void aLoopFiresABatchOfDueTimersPerPassAndRunsTheirCorosBeforeTheNext() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            int n = 2 * Scheduler.MAX_TIMERS_PER_PASS + 100;
            List<Integer> seen = loop.call(() -> {
                int[] woken = {0};
                long deadline = Coro.now() + ms(10).toNanos();
                List<Integer> counts = new ArrayList<>();
                Coro probe = Coro.spawn(() -> {
                    Coro.sleepUntil(deadline); // due with the others, and first of them
                    while (woken[0] < n) {
                        counts.add(woken[0]);
                        Coro.yieldSlice();
                    }
                });
                for (int i = 0; i < n; i++) {
                    Coro.spawn(() -> {
                        Coro.sleepUntil(deadline);
                        woken[0]++;
                    });
                }
                probe.join();
                return counts;
            });
            int batch = Scheduler.MAX_TIMERS_PER_PASS;
            assertEquals(List.of(0, batch - 1, 2 * batch - 1), seen);
        }
    }
}
