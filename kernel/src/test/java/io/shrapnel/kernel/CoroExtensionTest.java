package io.shrapnel.kernel;

import io.shrapnel.kernel.internal.CoroExtension;
import io.shrapnel.kernel.internal.Kernel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CoroTestExtension.class)
class CoroExtensionTest {
    /** Records what the kernel tells it, with the coro's state at that moment. */
    private static final class Recorder implements CoroExtension {
        final List<String> events = new ArrayList<>();

        @Override
        public void suspended(Coro coro) {
            events.add("suspended " + coro.state());
        }

        @Override
        public void exited(Coro coro, Throwable error) {
            events.add("exited dead=" + coro.isDead() + " error=" + (error == null ? null : error.getMessage()));
        }
    }

    @Test
    void exitedIsToldTheErrorOnceBeforeJoinersWake() throws Exception {
        Coro.setExceptionNotifier((coro, error) -> { }); // the failure below is expected
        try (TestLoop loop = TestLoop.virtualTime()) {
            Recorder r = new Recorder();
            loop.run(() -> {
                Coro failing = Coro.create(() -> {
                    throw new IllegalStateException("boom");
                });
                assertNull(Kernel.extension(failing));
                assertSame(r, Kernel.attachExtension(failing, r));
                assertSame(r, Kernel.extension(failing));
                failing.start();
                failing.join();
                r.events.add("joined");
            });
            assertEquals(List.of("exited dead=true error=boom", "joined"), r.events);
        }
    }

    @Test
    void suspendedIsToldOfEveryWaitYieldAndJdkParkButNotOfTheExit() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            Recorder r = new Recorder();
            ReentrantLock lock = new ReentrantLock();
            loop.run(() -> {
                lock.lock();
                Coro watched = Coro.create(() -> {
                    Coro.sleep(Duration.ofMillis(5));
                    Coro.yieldSlice();
                    lock.lock(); // a JDK park: the coro leaves the loop in none of the kernel's waits
                    lock.unlock();
                });
                Kernel.attachExtension(watched, r);
                watched.start();
                Coro.sleep(Duration.ofMillis(10));
                lock.unlock();
                watched.join();
            });
            assertEquals(List.of("suspended WAITING", "suspended SCHEDULED", "suspended RUNNING",
                    "exited dead=true error=null"), r.events);
        }
    }

    @Test
    void attachKeepsTheFirstExtensionAndRefusesADeadCoro() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            loop.run(() -> {
                Coro c = Coro.spawn(() -> { });
                Recorder first = new Recorder();
                assertSame(first, Kernel.attachExtension(c, first));
                assertSame(first, Kernel.attachExtension(c, new Recorder()));
                assertSame(first, c.extension());
                c.join();
                Coro late = Coro.spawn(() -> { });
                late.join();
                assertNull(Kernel.attachExtension(late, new Recorder()));
                assertNull(late.extension());
                assertEquals(List.of("exited dead=true error=null"), first.events);
            });
        }
    }

    @Test
    void aCoroCancelledBeforeItRanIsReportedExited() throws Exception {
        try (TestLoop loop = TestLoop.virtualTime()) {
            Recorder r = new Recorder();
            loop.run(() -> {
                Coro c = Coro.create(() -> { });
                Kernel.attachExtension(c, r);
                c.start();
                c.shutdown();
                assertTrue(c.isDead());
            });
            assertEquals(List.of("exited dead=true error=null"), r.events);
        }
    }
}
