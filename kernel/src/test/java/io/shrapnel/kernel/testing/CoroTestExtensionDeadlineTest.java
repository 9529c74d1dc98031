package io.shrapnel.kernel.testing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.shrapnel.kernel.Coro;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** A test whose loop never parks again must fail, not hang the build. */
class CoroTestExtensionDeadlineTest {
    static volatile boolean release;

    /**
     * Run only through the test kit below (surefire does not run nested classes). The spinner comes
     * first: the tests after it must not be blamed for its loop, which goes on spinning.
     */
    @ExtendWith(CoroTestExtension.class)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class SpinningCase {
        @Test
        @Order(1)
        void spinsForever() throws Exception {
            try (TestLoop loop = TestLoop.create()) {
                loop.run(() -> Coro.spawn("spinner", () -> {
                    while (!release) {
                        Thread.onSpinWait(); // never parks: no interrupt or JUnit timeout reaches it
                    }
                }).join());
            }
        }

        @Test
        @Order(2)
        void finishesInTime() throws Exception {
            try (TestLoop loop = TestLoop.create()) {
                loop.run(() -> Coro.spawn("quick", () -> Coro.yieldSlice()).join());
            }
        }

        @Test
        @Order(3)
        void failsByItself() {
            throw new IllegalStateException("an ordinary failure passes through unchanged");
        }
    }

    static volatile boolean blockedTestInterrupted;

    /** Run only through the test kit below. */
    @ExtendWith(CoroTestExtension.class)
    static class BlockedCase {
        @Test
        void waitsOnALatchThatNeverOpens() {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                blockedTestInterrupted = true;
            }
        }
    }

    @Test
    void aTestBlockedInAJdkWaitPastItsDeadlineFailsAndItsThreadIsInterrupted() {
        blockedTestInterrupted = false;
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter("shrapnel.test.timeout", "1")
                .selectors(selectClass(BlockedCase.class))
                .execute();
        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        String blocked = failureOf(results.testEvents().failed().list(), "waitsOnALatchThatNeverOpens()");
        assertTrue(blocked.contains("did not finish within 1000 ms"), blocked);
        await().atMost(Duration.ofSeconds(20)).until(() -> blockedTestInterrupted);
    }

    @Test
    void theDeadlineMayComeFromASystemPropertyToo() {
        blockedTestInterrupted = false;
        String before = System.getProperty("shrapnel.test.timeout");
        System.setProperty("shrapnel.test.timeout", "1.5");
        try {
            EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                    .selectors(selectClass(BlockedCase.class))
                    .execute();
            results.testEvents().assertStatistics(s -> s.started(1).failed(1));
            String blocked = failureOf(results.testEvents().failed().list(), "waitsOnALatchThatNeverOpens()");
            assertTrue(blocked.contains("did not finish within 1500 ms"), blocked);
            await().atMost(Duration.ofSeconds(20)).until(() -> blockedTestInterrupted);
        } finally {
            if (before == null) {
                System.clearProperty("shrapnel.test.timeout");
            } else {
                System.setProperty("shrapnel.test.timeout", before);
            }
        }
    }

    @Test
    void aSpinningLoopFailsItsTestAtTheDeadlineWithWhereItSpins() {
        release = false;
        try {
            EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                    // 5 s, not less: on a loaded machine the spinner's loop must exist before the
                    // deadline, or the extension cannot know it is the stuck test's
                    .configurationParameter("shrapnel.test.timeout", "5")
                    .selectors(selectClass(SpinningCase.class))
                    .execute();
            results.testEvents().assertStatistics(s -> s.started(3).succeeded(1).failed(2));
            List<Event> failed = results.testEvents().failed().list();
            String spin = failureOf(failed, "spinsForever()");
            assertTrue(spin.contains("did not finish within 5000 ms"), spin);
            assertTrue(spin.contains("spinner") && spin.contains("RUNNING"), spin);
            assertTrue(spin.contains("CoroTestExtensionDeadlineTest"), "the spinning frame is shown: " + spin);
            assertTrue(spin.contains(" (running)\n"), "the loop held by the spinner is marked: " + spin);
            assertTrue(spin.contains("      at io.shrapnel.kernel.testing.CoroTestExtensionDeadlineTest$SpinningCase"),
                    "the stack of the coro that holds the loop: " + spin);
            List<String> lines = spin.lines().toList();
            int spinner = IntStream.range(0, lines.size()).filter(i -> lines.get(i).contains(" spinner ["))
                    .findFirst().orElseThrow();
            assertTrue(spinner + 1 < lines.size() && lines.get(spinner + 1).startsWith("      at "),
                    "the frames shown are the spinner's, under it: " + spin);
            long frames = spin.lines().filter(l -> l.startsWith("      at ")).count();
            assertTrue(frames > 0 && frames <= 12, frames + " frames: only the running coro's top 12\n" + spin);
            assertEquals("an ordinary failure passes through unchanged", failureOf(failed, "failsByItself()"));
        } finally {
            release = true; // lets the abandoned thread end
        }
    }

    private static String failureOf(List<Event> failed, String test) {
        return failed.stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().equals(test))
                .findFirst()
                .flatMap(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class))
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
                .map(Throwable::getMessage)
                .orElseThrow(() -> new AssertionError("no failure for " + test + " in " + failed));
    }
}
