package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(CoroTestExtension.class)
class DiagnosticsTest {
    @RegisterExtension
    final CapturedStderr err = new CapturedStderr();

    private String stderr() {
        return err.text();
    }

    @Test
    void latencyWarningNamesACoroThatHoldsTheLoopTooLong() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            long[] id = new long[1];
            loop.run(() -> {
                Coro hog = Coro.spawn("hog", () -> loop.clock().advance(Duration.ofMillis(300)));
                id[0] = hog.id();
                hog.join();
            });
            assertTrue(stderr().contains("High Latency: (0.300s) for <coro #" + id[0] + " name=hog>"), stderr());
            assertEquals(1, loop.scheduler().stats().latencyWarnings());
        }
    }

    @Test
    void noLatencyWarningForACoroThatYieldsBetweenSlices() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Coro polite = Coro.spawn("polite", () -> {
                    for (int i = 0; i < 3; i++) {
                        loop.clock().advance(Duration.ofMillis(100));
                        Coro.yieldSlice();
                    }
                });
                polite.join();
            });
            assertFalse(stderr().contains("High Latency"), stderr());
            assertEquals(0, loop.scheduler().stats().latencyWarnings());
        }
    }

    /** Busy for {@code d} of real time without yielding; returns how long it really held the loop. */
    private static long holdTheLoop(Duration d) {
        long start = System.nanoTime();
        long now;
        do {
            now = System.nanoTime();
        } while (now - start < d.toNanos());
        return now - start;
    }

    private static double reportedSeconds(String stderr, String coro) {
        var m = java.util.regex.Pattern.compile("High Latency: \\((\\d+\\.\\d{3})s\\) for " + java.util.regex.Pattern.quote(coro))
                .matcher(stderr);
        assertTrue(m.find(), stderr);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void onTheSystemClockTheWatchdogReportsACoroThatHoldsTheLoop() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            long[] held = new long[1];
            Coro[] hog = new Coro[1];
            loop.run(() -> {
                hog[0] = Coro.spawn("hog", () -> held[0] = holdTheLoop(Duration.ofMillis(300)));
                hog[0].join();
            });
            double seconds = reportedSeconds(stderr(), hog[0].toString());
            // Counted from the first watchdog tick that saw the slice (at most a 20 ms tick short), or
            // timed by the loop while the watchdog is behind (a busy machine): then it includes the
            // switches around the slice and, on a cold JVM, their first-time work (a clean-clone CI
            // run once saw 0.306 s for a 0.300 s hold), so it may be up to a tick over the hold.
            // Never below the threshold (that is what made it a warning).
            assertTrue(seconds <= held[0] / 1e9 + 0.020 && seconds >= 0.200, seconds + " s for " + held[0] + " ns");
            assertEquals(1, loop.scheduler().stats().latencyWarnings());
        }
    }

    /**
     * Under load (every core busy with spinning threads) the watchdog thread may wake late; the figure
     * must still be at most one tick (a tenth of the threshold) short, and no long slice may go
     * unreported: the loops then time their slices themselves.
     */
    @Test
    void underLoadEveryLongSliceIsReportedAtMostATickShort() throws Exception {
        Duration old = Coro.setLatencyWarning(Duration.ofMillis(50)); // a tick of 5 ms
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        List<Thread> load = new ArrayList<>();
        for (int i = 0; i < 2 * Runtime.getRuntime().availableProcessors(); i++) {
            load.add(Thread.ofPlatform().daemon().start(() -> {
                long x = 0;
                while (!stop.get()) {
                    x += System.nanoTime() & 1;
                }
                if (x == 42) {
                    System.out.print("");
                }
            }));
        }
        try (TestLoop loop = TestLoop.create()) {
            // The watchdog falls behind its 5 ms tick under this load; from then on the loop times
            // its slices itself. (The slice running at the moment it falls behind is the one that
            // can come out short: the class comment of LatencyWatchdog says so.)
            loop.run(() -> Coro.spawn("idle", () -> {
                while (!LatencyWatchdog.isBehind()) {
                    Coro.sleep(Duration.ofMillis(5));
                }
            }).join());
            int hogs = 6;
            long[] held = new long[hogs];
            Coro[] hog = new Coro[hogs];
            loop.run(() -> {
                for (int i = 0; i < hogs; i++) {
                    int k = i;
                    hog[k] = Coro.spawn("hog-" + k, () -> held[k] = holdTheLoop(Duration.ofMillis(120)));
                    hog[k].join();
                }
            });
            String out = stderr();
            for (int i = 0; i < hogs; i++) {
                double seconds = reportedSeconds(out, hog[i].toString());
                double truth = held[i] / 1e9;
                assertTrue(seconds >= truth - 0.005 - 0.0005, "hog " + i + ": " + seconds + " s reported for "
                        + truth + " s held (more than a 5 ms tick short)\n" + out);
                assertTrue(seconds <= truth + 0.1, "hog " + i + ": " + seconds + " s for " + truth + " s");
            }
            // Every hog was reported (above); the test's own coro can be too, when the machine's load
            // stretches one of its slices past the threshold.
            assertTrue(loop.scheduler().stats().latencyWarnings() >= hogs, out);
        } finally {
            stop.set(true);
            for (Thread t : load) {
                t.join();
            }
            Coro.setLatencyWarning(old);
        }
    }

    @Test
    void onTheSystemClockACoroThatYieldsIsNotReported() throws Exception {
        // Holds of 400 ms against a 1.5 s threshold: together they pass it, each stays far below it
        // even when a loaded machine stretches a hold (a 50 ms hold once measured 216 ms).
        Duration old = Coro.setLatencyWarning(Duration.ofMillis(1500));
        try (TestLoop loop = TestLoop.create()) {
            loop.run(() -> Coro.spawn("polite", () -> {
                for (int i = 0; i < 5; i++) {
                    holdTheLoop(Duration.ofMillis(400));
                    Coro.yieldSlice();
                }
            }).join());
            assertFalse(stderr().contains("High Latency"), stderr());
            assertEquals(0, loop.scheduler().stats().latencyWarnings());
        } finally {
            Coro.setLatencyWarning(old);
        }
    }

    @Test
    void latencyThresholdCanBeChangedAndTurnedOff() throws Exception {
        Duration old = Coro.setLatencyWarning(Duration.ofMillis(50));
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> Coro.spawn("medium", () -> loop.clock().advance(Duration.ofMillis(60))).join());
            assertTrue(stderr().contains("High Latency: (0.060s)"), stderr());
            Coro.setLatencyWarning(Duration.ZERO);
            loop.run(() -> Coro.spawn("long", () -> loop.clock().advance(Duration.ofSeconds(5))).join());
            assertFalse(stderr().contains("(5.000s)"), stderr());
        } finally {
            Coro.setLatencyWarning(old);
        }
        assertEquals(Duration.ofMillis(200), old);
    }

    private static void explode() {
        throw new IllegalStateException("kaboom");
    }

    @Test
    void defaultNotifierPrintsTimestampIdNameAndAOneLineTraceback() throws Exception {
        ExceptionNotifier recording = Coro.setExceptionNotifier(null); // the default, printing
        try (TestLoop loop = TestLoop.virtualTime()) {
            long[] id = new long[1];
            loop.run(() -> {
                Coro c = Coro.spawn("boom", DiagnosticsTest::explode);
                id[0] = c.id();
                c.join();
                assertTrue(c.exitError() instanceof IllegalStateException);
            });
            String out = stderr();
            String[] lines = out.split("\\R");
            assertEquals(1, lines.length, out);
            assertTrue(lines[0].matches("\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} uncaught exception in <coro #"
                    + id[0] + " name=boom>: java\\.lang\\.IllegalStateException: kaboom "
                    + "\\[DiagnosticsTest\\.java explode \\d+\\] .*"), lines[0]);
        } finally {
            Coro.setExceptionNotifier(recording);
        }
    }

    @Test
    void replacedNotifierGetsTheCoroAndTheException() throws Exception {
        List<String> seen = new ArrayList<>();
        ExceptionNotifier old = Coro.setExceptionNotifier((c, e) -> seen.add(c.name() + ":" + e.getMessage()));
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> Coro.spawn("x", DiagnosticsTest::explode).join());
        } finally {
            Coro.setExceptionNotifier(old);
        }
        assertEquals(List.of("x:kaboom"), seen);
        assertEquals("", stderr());
    }

    private static void napper() {
        Coro.sleep(Duration.ofHours(1));
    }

    private static void joiner(Coro other) {
        other.join();
    }

    private static void locker(ReentrantLock lock) {
        lock.lock();
        lock.unlock();
    }

    @Test
    void whereAllShowsTheBlockingFrameOfEveryParkedCoro() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            ReentrantLock lock = new ReentrantLock();
            List<CoroInfo> infos = loop.call(() -> {
                Coro n = Coro.spawn("napper", DiagnosticsTest::napper);
                Coro j = Coro.spawn("joiner", () -> joiner(n));
                lock.lock();
                Coro l = Coro.spawn("locker", () -> locker(lock));
                Coro.yieldSlice();
                Coro.yieldSlice();
                List<CoroInfo> all = loop.scheduler().whereAll();
                lock.unlock();
                l.join();
                n.shutdown();
                j.join();
                return all;
            });
            CoroInfo napper = find(infos, "napper");
            assertEquals(Coro.State.WAITING, napper.state());
            assertEquals("sleep", napper.blockedOn());
            assertTrue(napper.where().contains("DiagnosticsTest.napper"), napper.toString());
            CoroInfo joiner = find(infos, "joiner");
            assertTrue(joiner.blockedOn().startsWith("join <coro #"), joiner.toString());
            assertTrue(joiner.where().contains("DiagnosticsTest.joiner"), joiner.toString());
            CoroInfo locker = find(infos, "locker");
            assertEquals(Coro.State.RUNNING, locker.state());
            assertTrue(locker.blockedOn().startsWith("JDK WAITING"), locker.toString());
            assertTrue(locker.where().contains("DiagnosticsTest.locker"), locker.toString());
            CoroInfo main = find(infos, "test-main");
            assertEquals(Coro.State.RUNNING, main.state());
            assertTrue(main.where().contains("whereAllShowsTheBlockingFrameOfEveryParkedCoro"), main.toString());
        }
    }

    private static CoroInfo find(List<CoroInfo> infos, String name) {
        return infos.stream().filter(i -> name.equals(i.name())).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + infos));
    }

    @Test
    void eventMapListsEveryWaitedEventWithItsWaiters() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Coro a = Coro.spawn("a", () -> Coro.sleep(Duration.ofHours(1)));
                Coro b = Coro.spawn("b", a::join);
                Coro.yieldSlice();
                Map<Object, List<Coro>> events = Coro.eventMap();
                List<String> described = new ArrayList<>();
                events.forEach((event, coros) -> described.add(event + " -> " + coros));
                assertTrue(described.contains("sleep -> [" + a + "]"), described.toString());
                assertTrue(described.contains("join " + a + " -> [" + b + "]"), described.toString());
                a.shutdown();
                b.join();
            });
        }
    }
}
