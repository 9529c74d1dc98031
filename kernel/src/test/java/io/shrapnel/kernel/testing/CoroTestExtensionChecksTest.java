package io.shrapnel.kernel.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Fifo;
import io.shrapnel.kernel.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** What the extension fails a test for (a coro left alive, an uncaught coro exception) and where it runs it. */
class CoroTestExtensionChecksTest {
    static volatile String testThread;
    static volatile Scheduler leakyLoop;

    /** Run only through the test kit below (surefire does not run nested classes). */
    @ExtendWith(CoroTestExtension.class)
    static class Cases {
        @Test
        void leavesACoroAlive() throws Exception {
            Scheduler s = Scheduler.create("leaky").start();
            leakyLoop = s;
            Fifo<String> never = new Fifo<>();
            Coro.spawnOn(s, "leaked", never::pop);
            await().atMost(Duration.ofSeconds(20)).until(() -> s.liveCoros() == 1); // started, parked
        }

        @Test
        void aCoroDiesOfAnException() throws Exception {
            try (TestLoop loop = TestLoop.create()) {
                loop.run(() -> Coro.spawn("doomed", () -> {
                    throw new IllegalStateException("doomed coro");
                }).join());
            } catch (Exception expected) {
                // the join rethrows; the extension must still report the uncaught exception
            }
        }

        @Test
        void recordsItsThread() {
            testThread = Thread.currentThread().getName();
        }
    }

    private static EngineExecutionResults run(String timeout) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter("shrapnel.test.timeout", timeout)
                .selectors(selectClass(Cases.class))
                .execute();
    }

    @Test
    void aCoroLeftAliveOrAnUncaughtExceptionFailsTheTest() throws Exception {
        List<String> toldBefore = new CopyOnWriteArrayList<>();
        // the doomed coro's trace is expected; the notifier in place before the test is still told
        var previous = Coro.setExceptionNotifier((coro, error) -> toldBefore.add(coro.name() + ": " + error.getMessage()));
        try {
            EngineExecutionResults results = run("30");
            results.testEvents().assertStatistics(s -> s.started(3).succeeded(1).failed(2));
            List<Event> failed = results.testEvents().failed().list();
            String leak = failureOf(failed, "leavesACoroAlive()");
            assertTrue(leak.contains("coro left alive") && leak.contains("leaked"), leak);
            String uncaught = failureOf(failed, "aCoroDiesOfAnException()");
            assertTrue(uncaught.contains("uncaught exception in") && uncaught.contains("doomed coro"), uncaught);
            assertTrue(testThread.startsWith("test "), "with a deadline the test runs on a thread of its own: "
                    + testThread);
            assertEquals(List.of("doomed: doomed coro"), toldBefore);
        } finally {
            Coro.setExceptionNotifier(previous);
            Scheduler s = leakyLoop;
            if (s != null) {
                s.close();
            }
        }
    }

    @Test
    void aTimeoutOfZeroRunsTheTestOnJUnitsOwnThread() {
        var previous = Coro.setExceptionNotifier((coro, error) -> { });
        try {
            EngineExecutionResults results = run("0");
            results.testEvents().assertStatistics(s -> s.started(3).succeeded(1).failed(2));
            assertFalse(testThread.startsWith("test "), testThread);
            assertEquals(Thread.currentThread().getName(), testThread, "the kit runs on the calling thread");
        } finally {
            Coro.setExceptionNotifier(previous);
            Scheduler s = leakyLoop;
            if (s != null) {
                s.close();
            }
        }
    }

    private static String failureOf(List<Event> failed, String test) {
        return failed.stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().equals(test))
                .findFirst()
                .flatMap(e -> e.getPayload(TestExecutionResult.class))
                .flatMap(TestExecutionResult::getThrowable)
                .map(Throwable::getMessage)
                .orElseThrow(() -> new AssertionError("no failure for " + test + " in " + failed));
    }
}
