package io.shrapnel.kernel.testing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.shrapnel.kernel.Scheduler;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;

/** The loops a test leaves behind: the extension closes the idle ones it made, not running ones or older ones. */
class CoroTestExtensionCleanupTest {
    static volatile Scheduler idle;
    static volatile Scheduler running;

    /** Run only through the test kit below (surefire does not run nested classes). */
    @ExtendWith(CoroTestExtension.class)
    static class Cases {
        @Test
        void leavesAnIdleLoopAndARunningOne() {
            idle = Scheduler.create("left-idle");
            running = Scheduler.create("left-running").start();
            await().atMost(Duration.ofSeconds(20)).until(running::isRunning);
        }
    }

    @Test
    void anIdleLoopTheTestMadeIsClosedARunningOneAndAnOlderOneAreLeftAlone() {
        Scheduler older = Scheduler.create("made-before-the-test");
        try {
            EngineTestKit.engine("junit-jupiter")
                    .configurationParameter("shrapnel.test.timeout", "30")
                    .selectors(selectClass(Cases.class))
                    .execute()
                    .testEvents().assertStatistics(s -> s.started(1).succeeded(1));
            assertFalse(Scheduler.all().contains(idle), "the idle loop the test made is closed");
            assertTrue(Scheduler.all().contains(running), "a running loop is its owner's to close");
            assertTrue(Scheduler.all().contains(older), "a loop made before the test is not the test's");
        } finally {
            older.close();
            if (running != null) {
                running.close();
            }
        }
    }
}
