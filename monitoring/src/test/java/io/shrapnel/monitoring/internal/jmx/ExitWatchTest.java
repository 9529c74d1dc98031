package io.shrapnel.monitoring.internal.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExitWatchTest {
    private static Thread named(String name) {
        return Thread.ofPlatform().name(name).unstarted(() -> {});
    }

    @Test
    void onlyRmiThreadsLeftAfterMainReturnedLetsGo() {
        Set<String> daemons = Set.of("Signal Dispatcher", "RMI TCP Accept-0");
        Thread[] threads = {named("DestroyJavaVM"), named("RMI Reaper"), named("Signal Dispatcher"),
                named("RMI TCP Accept-0"), null};
        assertTrue(ExitWatch.onlyRmiHoldsTheJvm(threads, t -> daemons.contains(t.getName())));
    }

    @Test
    void anotherNonDaemonThreadOrMainStillRunningKeepsTheEndpoint() {
        assertFalse(ExitWatch.onlyRmiHoldsTheJvm(new Thread[] {named("DestroyJavaVM"), named("RMI Reaper"),
                named("worker")}, t -> false), "a thread of the program still runs");
        assertFalse(ExitWatch.onlyRmiHoldsTheJvm(new Thread[] {named("main"), named("RMI Reaper")}, t -> false),
                "main has not returned");
        assertFalse(ExitWatch.onlyRmiHoldsTheJvm(new Thread[] {named("RMI Reaper")}, t -> false),
                "no sign that main returned (an embedded JVM)");
        assertTrue(ExitWatch.onlyRmiHoldsTheJvm(new Thread[] {named("DestroyJavaVM"), named("worker")},
                t -> t.getName().equals("worker")), "daemon threads do not count");
    }

    @Test
    void theWatchRunsItsActionOnceTheProgramIsExitingAndAStoppedOneNever() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean exiting = new java.util.concurrent.atomic.AtomicBoolean();
        CountDownLatch closed = new CountDownLatch(1);
        ExitWatch.start("exit-watch-acting", exiting::get, closed::countDown);
        java.util.concurrent.atomic.AtomicBoolean exitingToo = new java.util.concurrent.atomic.AtomicBoolean();
        CountDownLatch stoppedClosed = new CountDownLatch(1);
        ExitWatch.start("exit-watch-stopped", exitingToo::get, stoppedClosed::countDown).stop();
        assertFalse(closed.await(2 * ExitWatch.PERIOD_MILLIS, TimeUnit.MILLISECONDS), "not exiting yet");
        exiting.set(true);
        exitingToo.set(true);
        assertTrue(closed.await(30, TimeUnit.SECONDS), "closed once exiting");
        assertEquals(1, stoppedClosed.getCount(), "a stopped watch does nothing");
        org.awaitility.Awaitility.await().until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("exit-watch-")));
    }

    @Test
    void aStoppedWatchNeverCloses() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        ExitWatch w = ExitWatch.start("exit-watch-test", closed::countDown);
        w.stop();
        // In this JVM main has not returned, so the watch would not close anyway; stopping ends its thread.
        assertFalse(closed.await(3 * ExitWatch.PERIOD_MILLIS, TimeUnit.MILLISECONDS));
        org.awaitility.Awaitility.await().until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("exit-watch-test")));
    }
}
