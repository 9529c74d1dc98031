package io.shrapnel.monitoring.internal.profile;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.ResumeListener;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.monitoring.Profile;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The profiler's accounts on one loop: a {@link ResumeListener} that charges each run of a coro
 * with its wall time, the bytes the loop thread allocated meanwhile, and CPU time.
 *
 * <p>Costs per run: two {@code System.nanoTime()}, two reads of the thread's allocation counter
 * (a field of the JVM's thread, ~30 ns) and a map lookup. Reading the thread's CPU clock costs a
 * system call (1-2 µs on these VMs, more than a whole echo round trip's share), so it is read once
 * per window of at least {@link #CPU_WINDOW_NANOS} of wall time, and the CPU time of the window is
 * shared among the coros that ran in it in proportion to their wall time, capped at that wall time
 * (what exceeds it is the loop's own work: polls, timers, posts). A coro that holds the loop for a
 * long time ends up alone in its window, so its CPU time is close to exact.
 *
 * <p>Threading: {@code resuming}/{@code suspended} on the loop thread; {@link #snapshot} on the loop
 * thread, or from another thread once the loop no longer runs this listener.
 */
public final class LoopProfile implements ResumeListener {
    static final long CPU_WINDOW_NANOS = 1_000_000;
    /**
     * Coros that ended while profiled are kept one by one up to this many; later ones are folded into
     * one account per name, so a server that opens and closes connections all day can be profiled
     * without the accounts growing with every connection.
     */
    public static final int MAX_ENDED_ACCOUNTS = 10_000;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final Scheduler loop;
    private final Map<Coro, CoroAccount> live = new IdentityHashMap<>();
    /** Accounts of coros that died while profiled (their Coro objects are let go). */
    private final List<CoroAccount> dead = new ArrayList<>();
    private final Map<String, CoroAccount> folded = new HashMap<>();
    /** Pairs (thread id, folded account id) of the coros folded, for attributing their samples. */
    private long[] foldedThreads = new long[64];
    private int foldedThreadCount;
    private final long loopAccountId;
    private final CoroAccount loopWork;
    private final List<CoroAccount> inWindow = new ArrayList<>();

    private volatile long loopThreadId = -1;
    private CoroAccount current;
    private long resumedAt;
    private long allocatedAtResume;
    private long windowStart;
    private long windowCpuStart = -1;

    /** @param loopAccountId the negative id under which the loop's own work is reported */
    public LoopProfile(Scheduler loop, long loopAccountId) {
        this.loop = loop;
        this.loopAccountId = loopAccountId;
        this.loopWork = new CoroAccount(loopAccountId, -1, loop.name(), "[loop]");
    }

    public Scheduler loop() {
        return loop;
    }

    @Override
    public void resuming(Coro coro) {
        CoroAccount a = live.get(coro);
        if (a == null) {
            a = new CoroAccount(coro.id(), coro.thread().threadId(), loop.name(), coro.name());
            live.put(coro, a);
        }
        current = a;
        long now = System.nanoTime();
        if (windowCpuStart < 0) {
            startWindow(now);
        }
        allocatedAtResume = THREADS.getCurrentThreadAllocatedBytes();
        resumedAt = now;
    }

    @Override
    public void suspended(Coro coro) {
        long allocated = THREADS.getCurrentThreadAllocatedBytes();
        long now = System.nanoTime();
        CoroAccount a = current;
        current = null;
        if (a == null) {
            return; // installed between the two calls of one run
        }
        long wall = now - resumedAt;
        a.resumes++;
        a.wallNanos += wall;
        a.allocatedBytes += allocated - allocatedAtResume;
        if (a.windowWallNanos == 0) {
            inWindow.add(a);
        }
        a.windowWallNanos += wall;
        if (coro.isDead()) {
            a.name = coro.name();
            live.remove(coro);
            if (dead.size() < MAX_ENDED_ACCOUNTS) {
                dead.add(a);
            } else {
                fold(a);
            }
        }
        if (now - windowStart >= CPU_WINDOW_NANOS) {
            closeWindow(THREADS.getCurrentThreadCpuTime());
            startWindow(now);
        }
    }

    /** Adds an ended coro's account to the one of its name (its CPU window share moves with it). */
    private void fold(CoroAccount a) {
        String name = String.valueOf(a.name);
        CoroAccount f = folded.computeIfAbsent(name, n -> new CoroAccount(loopAccountId * 1_000_000 - folded.size(), -1,
                loop.name(), n + " (ended coros, folded)"));
        f.resumes += a.resumes;
        f.wallNanos += a.wallNanos;
        f.cpuNanos += a.cpuNanos;
        f.allocatedBytes += a.allocatedBytes;
        if (a.windowWallNanos > 0) {
            if (f.windowWallNanos == 0) {
                inWindow.add(f);
            }
            f.windowWallNanos += a.windowWallNanos;
            a.windowWallNanos = 0; // still listed in the window, with nothing left to charge
        }
        if (foldedThreadCount + 2 > foldedThreads.length) {
            foldedThreads = java.util.Arrays.copyOf(foldedThreads, foldedThreads.length * 2);
        }
        foldedThreads[foldedThreadCount++] = a.threadId;
        foldedThreads[foldedThreadCount++] = f.coroId;
    }

    private void startWindow(long now) {
        if (loopThreadId < 0) {
            loopThreadId = Thread.currentThread().threadId();
        }
        windowStart = now;
        windowCpuStart = THREADS.getCurrentThreadCpuTime();
    }

    /** Shares the CPU time since the window started among the coros that ran in it. */
    private void closeWindow(long cpuNow) {
        if (windowCpuStart < 0) {
            return;
        }
        long cpu = cpuNow < 0 ? -1 : cpuNow - windowCpuStart;
        long wall = 0;
        for (CoroAccount a : inWindow) {
            wall += a.windowWallNanos;
        }
        double ratio = cpu < 0 || wall == 0 ? 1.0 : Math.min(1.0, (double) cpu / wall);
        long charged = 0;
        for (CoroAccount a : inWindow) {
            long c = Math.round(a.windowWallNanos * ratio);
            a.cpuNanos += c;
            charged += c;
            a.windowWallNanos = 0;
        }
        inWindow.clear();
        if (cpu > charged) {
            loopWork.cpuNanos += cpu - charged;
        }
        windowCpuStart = -1;
    }

    /** The loop thread's id, once the loop ran a coro under this listener; else -1. Any thread. */
    public long loopThreadId() {
        return loopThreadId;
    }

    /** The accounts so far, and which thread is which coro, for one report. */
    public record Snapshot(List<Profile.CoroRow> rows, Map<Long, Long> threadToCoro) {}

    /**
     * Every account so far, the open CPU window closed first. On the loop thread, or once the loop no
     * longer calls this listener (then the loop thread's CPU clock is read from outside).
     */
    public Snapshot snapshot() {
        long cpu = loop.inLoop() ? THREADS.getCurrentThreadCpuTime()
                : loopThreadId < 0 ? -1 : THREADS.getThreadCpuTime(loopThreadId);
        closeWindow(cpu);
        List<Profile.CoroRow> rows = new ArrayList<>(live.size() + dead.size() + 1);
        Map<Long, Long> threads = new HashMap<>();
        for (Map.Entry<Coro, CoroAccount> e : live.entrySet()) {
            CoroAccount a = e.getValue();
            a.name = e.getKey().name();
            rows.add(a.row());
            threads.put(a.threadId, a.coroId);
        }
        for (CoroAccount a : dead) {
            rows.add(a.row());
            threads.put(a.threadId, a.coroId);
        }
        for (CoroAccount a : folded.values()) {
            rows.add(a.row());
        }
        for (int i = 0; i < foldedThreadCount; i += 2) {
            threads.put(foldedThreads[i], foldedThreads[i + 1]);
        }
        if (loopWork.cpuNanos > 0) {
            rows.add(loopWork.row());
        }
        if (loopThreadId >= 0) {
            threads.put(loopThreadId, loopWork.coroId);
        }
        return new Snapshot(rows, threads);
    }
}
