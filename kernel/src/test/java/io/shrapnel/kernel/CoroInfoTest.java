package io.shrapnel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shrapnel.kernel.testing.CoroTestExtension;
import io.shrapnel.kernel.testing.TestLoop;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** How a coro is described: its text, the frame shown as where it is, and JDK waits of all kinds. */
@ExtendWith(CoroTestExtension.class)
class CoroInfoTest {
    private static StackTraceElement frame(String cls) {
        return new StackTraceElement(cls, "m", cls.substring(cls.lastIndexOf('.') + 1) + ".java", 7);
    }

    @Test
    void theTextShowsOnlyWhatIsKnown() {
        StackTraceElement[] none = new StackTraceElement[0];
        assertEquals("#3 worker [main-loop] WAITING on sleep at App.run(App.java:9)",
                new CoroInfo(3, "worker", "main-loop", Coro.State.WAITING, "sleep", "App.run(App.java:9)", none)
                        .toString());
        assertEquals("#4 [main-loop] SCHEDULED", new CoroInfo(4, null, "main-loop", Coro.State.SCHEDULED, null, null, none)
                .toString());
    }

    @Test
    void whereIsTheFirstFrameOutsideTheJdkAndTheKernel() {
        StackTraceElement app = frame("org.example.App");
        StackTraceElement test = frame(CoroInfoTest.class.getName()); // in the kernel's package, not its jar
        CoroInfo.KERNEL_CLASSES.clear(); // each name below is judged here, not taken from the cache
        assertEquals(app.toString(), CoroInfo.where(new StackTraceElement[] {
            frame("java.lang.Thread"), frame("jdk.internal.misc.Unsafe"), frame("sun.nio.ch.Net"),
            frame(Coro.class.getName()), app, test}));
        assertEquals(test.toString(), CoroInfo.where(new StackTraceElement[] {frame(Scheduler.class.getName()), test}));
        // a kernel class name that cannot be loaded counts as the kernel's
        assertEquals(test.toString(), CoroInfo.where(new StackTraceElement[] {
            frame("io.shrapnel.kernel.NoSuchClassAnywhere"), test}));
        assertNull(CoroInfo.where(new StackTraceElement[] {frame("java.lang.Thread"), frame(Coro.class.getName())}));
    }

    private static CoroInfo find(List<CoroInfo> infos, String name) {
        return infos.stream().filter(i -> name.equals(i.name())).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + infos));
    }

    @Test
    void aCoroInATimedJdkWaitOrBlockedOnAMonitorIsShownSo() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        Object monitor = new Object();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = Thread.ofPlatform().start(() -> {
            synchronized (monitor) {
                held.countDown();
                try {
                    release.await(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        try (TestLoop loop = TestLoop.virtualTime()) {
            assertTrue(held.await(1, TimeUnit.MINUTES));
            List<CoroInfo> infos = loop.call(() -> {
                lock.lock();
                Coro timed = Coro.spawn("timed", () -> {
                    if (lock.tryLock(1, TimeUnit.MINUTES)) {
                        lock.unlock();
                    }
                });
                Coro blocked = Coro.spawn("blocked", () -> {
                    synchronized (monitor) {
                        monitor.notifyAll();
                    }
                });
                Coro.yieldSlice();
                Coro.yieldSlice();
                List<CoroInfo> all = loop.scheduler().whereAll();
                lock.unlock();
                release.countDown();
                timed.join();
                blocked.join();
                return all;
            });
            CoroInfo timed = find(infos, "timed");
            assertTrue(timed.blockedOn().startsWith("JDK TIMED_WAITING "), timed.toString());
            assertFalse(timed.blockedOn().contains("java.lang.VirtualThread."), timed.toString());
            CoroInfo blocked = find(infos, "blocked");
            assertTrue(blocked.blockedOn().startsWith("JDK BLOCKED "), blocked.toString());
            assertFalse(blocked.blockedOn().contains("java.lang.VirtualThread."), blocked.toString());
        } finally {
            release.countDown();
            holder.join();
        }
    }

    @Test
    void aCoroWaitingForAnOffloadedCallIsShownWaitingForIt() throws Exception {
        try (TestLoop loop = TestLoop.create()) {
            CountDownLatch go = new CountDownLatch(1);
            Callable<Boolean> task = () -> go.await(1, TimeUnit.MINUTES);
            CoroInfo info = loop.call(() -> {
                Coro waiter = Coro.spawn("waiter", () -> Coro.offload(task));
                Coro.withTimeout(Duration.ofMinutes(1), () -> {
                    while (waiter.state() != Coro.State.WAITING) {
                        Coro.yieldSlice();
                    }
                });
                CoroInfo shown = find(loop.scheduler().whereAll(), "waiter");
                go.countDown();
                waiter.join();
                return shown;
            });
            assertEquals("offload " + task, info.blockedOn());
        }
    }

    @Test
    void thePollerModeTheKernelNeedsIsSetOnlyWhenNobodyChoseOne() {
        String chosen = System.getProperty("jdk.pollerMode");
        try {
            System.setProperty("jdk.pollerMode", "2");
            JdkPollerMode.ensureSystemThreads();
            assertEquals("2", System.getProperty("jdk.pollerMode"), "a choice of the user's is kept");
            System.clearProperty("jdk.pollerMode");
            JdkPollerMode.ensureSystemThreads();
            assertEquals("1", System.getProperty("jdk.pollerMode"));
        } finally {
            if (chosen == null) {
                System.clearProperty("jdk.pollerMode");
            } else {
                System.setProperty("jdk.pollerMode", chosen);
            }
        }
    }
}
