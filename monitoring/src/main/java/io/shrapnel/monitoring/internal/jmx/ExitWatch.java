package io.shrapnel.monitoring.internal.jmx;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Closes a JMX endpoint when the program has ended but RMI keeps the JVM alive. An exported RMI
 * object holds a non-daemon thread ("RMI Reaper"), so after {@code Coro.setExit} makes the loop
 * return and {@code main} returns, the JVM would wait for the endpoint forever. The JDK's own
 * management agent avoids this with an internal exporter; here a daemon thread looks, every
 * {@link #PERIOD_MILLIS} ms, at the live platform threads, and once {@code main} has returned (the
 * launcher's {@code DestroyJavaVM} thread waits for the others) and only RMI's threads are left
 * among the non-daemon ones, it closes the endpoint, and the JVM exits.
 *
 * <p>Threading: one daemon thread per watch; {@link #stop} from any thread.
 */
public final class ExitWatch {
    static final long PERIOD_MILLIS = 200;
    private static final String LAUNCHER_EXIT = "DestroyJavaVM";

    private final Thread thread;
    private volatile boolean stopped;

    private ExitWatch(String name, BooleanSupplier exiting, Runnable onExit) {
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(() -> watch(exiting, onExit));
    }

    /** Starts watching; {@code onExit} runs once, on the watch's thread, when only RMI holds the JVM. */
    public static ExitWatch start(String name, Runnable onExit) {
        return start(name, () -> onlyRmiHoldsTheJvm(liveThreads(), Thread::isDaemon), onExit);
    }

    /** Starts watching for {@code exiting} (the tests' own condition). */
    static ExitWatch start(String name, BooleanSupplier exiting, Runnable onExit) {
        ExitWatch w = new ExitWatch(name, exiting, onExit);
        w.thread.start();
        return w;
    }

    /** Stops watching (the endpoint was closed by its owner). */
    public void stop() {
        stopped = true;
        thread.interrupt();
    }

    private void watch(BooleanSupplier exiting, Runnable onExit) {
        try {
            while (!stopped) {
                TimeUnit.MILLISECONDS.sleep(PERIOD_MILLIS);
                if (!stopped && exiting.getAsBoolean()) {
                    onExit.run();
                    return;
                }
            }
        } catch (InterruptedException stoppedByOwner) {
            // stop() was called: the owner closed the endpoint
        }
    }

    /**
     * True when {@code main} has returned (the launcher's thread waits to destroy the JVM) and every
     * other live non-daemon thread is one of RMI's.
     */
    static boolean onlyRmiHoldsTheJvm(Thread[] threads, Predicate<Thread> daemon) {
        boolean mainReturned = false;
        for (Thread t : threads) {
            if (t == null || daemon.test(t)) {
                continue;
            }
            if (t.getName().equals(LAUNCHER_EXIT)) {
                mainReturned = true;
            } else if (!t.getName().startsWith("RMI ")) {
                return false;
            }
        }
        return mainReturned;
    }

    private static Thread[] liveThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] out = new Thread[root.activeCount() + 16];
        int n = root.enumerate(out, true);
        return java.util.Arrays.copyOf(out, n);
    }
}
