package io.shrapnel.kernel;

import io.shrapnel.kernel.internal.CoroExtension;
import io.shrapnel.kernel.testing.TestClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.atomic.MpscUnboundedAtomicArrayQueue;

/**
 * An event loop: one platform thread that runs ready coros, fires due timers and, when idle,
 * blocks in its {@link Poller}'s selector. Several loops per JVM are independent (one per core is
 * typical); a coro stays on the loop it was spawned on.
 *
 * <p>A pass of the loop: take what other threads posted; fire due timers; run every coro that was
 * ready at the start of the pass (coros made ready meanwhile wait for the next pass, so coros that
 * keep waking each other cannot starve I/O); then poll for I/O: without waiting if something is
 * ready, else until the next timer.
 *
 * <p>Threading: the run queue, the timers, the poller and the list of live coros belong to the loop
 * thread. Any thread may {@link #post} (a JCTools MPSC queue; the selector is woken at most once per
 * idle period, and only when the loop is, or is about to be, asleep), spawn, raise into coros and
 * {@link #setExit}. Diagnostics ({@link #whereAll()}, statistics) read loop state without locks and
 * may be slightly stale when called from another thread.
 */
public final class Scheduler implements AutoCloseable {
    static final CopyOnWriteArrayList<Scheduler> ALL = new CopyOnWriteArrayList<>();
    private static final Object DEFAULT_LOCK = new Object();
    private static volatile Scheduler defaultScheduler;
    private static volatile long latencyThresholdNanos = Duration.ofMillis(200).toNanos();

    private static final int AWAKE = 0;
    private static final int SLEEPING = 1;
    private static final int WOKEN = 2;
    /** Asleep without channels to watch: parked, woken with {@code unpark} (a third of a selector wakeup's latency). */
    private static final int PARKED = 3;
    /** Most posts taken per pass, so a flood from other threads cannot stall coros and timers. */
    private static final int MAX_POSTS_PER_PASS = 4096;

    private final String name;
    private final Clock clock;
    private final TestClock testClock;
    private final Poller poller;

    // ---- loop-confined ----
    private final ArrayDeque<Coro> runQueue = new ArrayDeque<>(256);
    private final Timers timers = new Timers();
    private final LiveCoros live = new LiveCoros();
    /** The platform thread running the loop, while it runs. */
    Thread loopThread;
    /** The coro whose continuation the loop is running now. */
    Coro running;
    private boolean untilDone;
    // ---- polling while busy (loop thread only): see pollWhileBusy ----
    /** {@link #resumes} when the loop last polled for I/O. */
    private long resumesAtPoll;
    /** The clock at the start of the first pass after the loop last polled (read for its timers). */
    private long clockAtPoll;
    /** The clock as read at the start of this pass for its timers; valid while {@link #passClockRead}. */
    private long passClock;
    private boolean passClockRead;

    // ---- statistics: written by the loop, read racily by anyone ----
    private long passes;
    /** Slices run so far; also the number the latency watchdog tells slices apart by (written opaque). */
    private long resumes;
    private long selects;
    private long timersFired;
    private long latencyWarnings;
    private long spawned;
    private long postsTaken;
    private volatile long selectorWakeups;
    /** Read once per pass by the loop; see {@link ResumeListener}. */
    private volatile ResumeListener resumeListener;
    /** Read once per pass by the loop: time every slice and count it in {@link #sliceTimes}. */
    private volatile boolean sliceTiming;
    /** Slices by {@link SliceHistogram#bucketOf} of their length; loop-written, read racily. */
    private final long[] sliceTimes = new long[SliceHistogram.BUCKETS];

    // ---- shared with other threads ----
    private final MpscUnboundedAtomicArrayQueue<Object> inbox = new MpscUnboundedAtomicArrayQueue<>(1024);
    private final AtomicInteger wakeState = new AtomicInteger(AWAKE);
    private volatile boolean exitRequested;
    private volatile int exitCode;
    private volatile Thread ownThread;
    private final long createdAt = System.nanoTime();

    /** The latency watchdog's view of this loop; it flags a long slice, the loop reports it. */
    private final SliceWatch sliceWatch = new SliceWatch();
    private static final VarHandle RESUMES;

    static {
        try {
            RESUMES = MethodHandles.lookup().findVarHandle(Scheduler.class, "resumes", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Scheduler(String name, Clock clock, boolean registered) {
        VirtualThreads.check();
        this.name = Objects.requireNonNull(name, "name");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.testClock = clock instanceof TestClock t ? t : null;
        try {
            this.poller = new Poller(this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for loop " + name, e);
        }
        if (registered) {
            ALL.add(this);
        }
    }

    /** A loop that {@link #all()} does not list (the kernel's own warm-up loop). */
    static Scheduler createUnregistered(String name, Clock clock) {
        return new Scheduler(name, clock, false);
    }

    /** A new loop with the system clock. Run it with {@link #run()} or {@link #start()}. */
    public static Scheduler create(String name) {
        return create(name, Clock.system());
    }

    /** A new loop whose timers and latency warnings read {@code clock} (e.g. a {@link TestClock}). */
    public static Scheduler create(String name, Clock clock) {
        JitWarmup.once();
        return new Scheduler(name, clock, true);
    }

    /** The loop {@link Coro#eventLoop()} runs, created on first use. */
    public static Scheduler defaultScheduler() {
        Scheduler s = defaultScheduler;
        if (s == null) {
            JitWarmup.once(); // not under DEFAULT_LOCK: the warm-up loop's close() would wait for it
            synchronized (DEFAULT_LOCK) {
                s = defaultScheduler;
                if (s == null) {
                    defaultScheduler = s = create("main");
                }
            }
        }
        return s;
    }

    /** The loop of the current coro, or the default loop outside coros. */
    public static Scheduler current() {
        Coro c = Coro.current();
        return c != null ? c.scheduler : defaultScheduler();
    }

    /** Every loop not yet closed. */
    public static List<Scheduler> all() {
        return List.copyOf(ALL);
    }

    /**
     * Creates {@code count} loops and starts each on its own platform thread (one per core is the
     * usual choice: {@code Runtime.getRuntime().availableProcessors()}).
     */
    public static List<Scheduler> startLoops(String prefix, int count) {
        List<Scheduler> loops = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            loops.add(create(prefix + "-" + i).start());
        }
        return loops;
    }

    static long latencyThresholdNanos() {
        return latencyThresholdNanos;
    }

    static Duration setLatencyThreshold(Duration threshold) {
        Duration old = Duration.ofNanos(latencyThresholdNanos);
        latencyThresholdNanos = threshold.isNegative() || threshold.isZero() ? 0 : Coro.nanos(threshold);
        LatencyWatchdog.thresholdChanged();
        return old;
    }

    // =====================================================================================
    // Running the loop
    // =====================================================================================

    /**
     * Runs the loop on the calling platform thread until {@link #setExit}; returns the exit code.
     * Can be entered again after it returns.
     */
    public int run() {
        return loop(false);
    }

    /** Runs the loop until {@link #setExit} or until no live coro is left (handy in tests and tools). */
    public int runUntilDone() {
        return loop(true);
    }

    /** Runs the loop on a new platform thread named after it; returns this. */
    public Scheduler start() {
        Thread t = Thread.ofPlatform().name("shrapnel-" + name).unstarted(this::run);
        ownThread = t;
        t.start();
        return this;
    }

    /** Asks the loop to exit at the end of its current pass. Any thread. */
    public void setExit(int code) {
        exitCode = code;
        exitRequested = true;
        if (!inLoop()) {
            post(() -> { });
        }
    }

    /** Waits for the thread made by {@link #start()} to finish. Platform threads only. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        Thread t = ownThread;
        return t == null || t.join(timeout);
    }

    /**
     * Exits the loop (if it runs on its own thread, waits for it; if on another, tells it to exit
     * at its next pass) and closes its selector.
     */
    @Override
    public void close() {
        ALL.remove(this);
        Thread t = ownThread;
        if (t != null && t.isAlive()) {
            setExit(0);
            try {
                t.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (isRunning() && !inLoop()) {
            // Run on a thread of someone else's: told to exit, it returns from run() at its next
            // pass (or throws ClosedSelectorException if it reaches its selector after the close).
            // Without the post, a loop that sleeps parked (no channel) would never notice.
            setExit(0);
        }
        poller.close();
        if (defaultScheduler == this) {
            synchronized (DEFAULT_LOCK) {
                if (defaultScheduler == this) {
                    defaultScheduler = null;
                }
            }
        }
    }

    private int loop(boolean untilDone) {
        Thread me = Thread.currentThread();
        if (me.isVirtual()) {
            throw new IllegalStateException("loop " + name + " must run on a platform thread, not in "
                    + (Coro.current() != null ? Coro.current() : me));
        }
        poller.ensureOpen();
        synchronized (this) {
            if (loopThread != null) {
                throw new IllegalStateException("loop " + name + " is already running on " + loopThread);
            }
            loopThread = me;
        }
        exitRequested = false;
        this.untilDone = untilDone;
        if (testClock == null) {
            LatencyWatchdog.watch();
        }
        try {
            while (!exitRequested) {
                passes++;
                takePosts();
                passClockRead = !timers.isEmpty();
                if (passClockRead) {
                    passClock = clock.nanoTime(); // the loop's only clock read when nothing is slow
                    if (resumes == resumesAtPoll) {
                        clockAtPoll = passClock; // nothing ran since the last poll: it was as good as now
                    }
                    fireTimers(passClock);
                }
                runReady();
                if (exitRequested || (untilDone && live.size() == 0 && runQueue.isEmpty() && inbox.isEmpty())) {
                    break;
                }
                poll();
                if (me.isInterrupted()) {
                    throw new IllegalStateException("loop " + name + " stopped: its thread " + me.getName()
                            + " was interrupted (a test timeout?)");
                }
            }
        } finally {
            synchronized (this) {
                loopThread = null;
            }
        }
        return exitCode;
    }

    /** See {@link #fireTimers}. */
    static final int MAX_TIMERS_PER_PASS = 1024;

    private void takePosts() {
        Object o;
        int n = 0;
        while (n++ < MAX_POSTS_PER_PASS && (o = inbox.relaxedPoll()) != null) {
            postsTaken++;
            if (o instanceof Coro c) {
                runQueue.add(c);
            } else {
                runTask((Runnable) o);
            }
        }
    }

    private void runTask(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            Reporting.printStderr("loop " + name + ": posted task failed: " + Reporting.compactTraceback(t));
        }
    }

    /**
     * Fires the timers due at {@code now}, in deadline order, at most {@link #MAX_TIMERS_PER_PASS}:
     * a loop that fell behind (a million sleepers due within a second) then runs each batch of woken
     * coros while what their wakes touched is still in the processor's caches, and lets other work in
     * between; the rest are fired on the next pass, which does not sleep while a timer is due.
     */
    private void fireTimers(long now) {
        List<Timer> again = null;
        Timer t;
        int budget = MAX_TIMERS_PER_PASS;
        while (budget-- > 0 && (t = timers.pollDue(now)) != null) {
            timersFired++;
            boolean retry;
            try {
                retry = t.fire(this);
            } catch (Throwable e) {
                retry = false;
                Reporting.printStderr("loop " + name + ": timer " + t.describe() + " failed: "
                        + Reporting.compactTraceback(e));
            }
            if (retry) {
                if (again == null) {
                    again = new ArrayList<>(4);
                }
                again.add(t);
            }
        }
        if (again != null) {
            for (Timer r : again) {
                timers.add(r, now);
            }
        }
    }

    /**
     * Runs the coros that are ready now. How long each holds the loop is not measured here with the
     * system clock (a clock read per slice would be a tenth of a switch): the {@link LatencyWatchdog}
     * thread notices a slice that goes on, and the loop reads the clock only at the end of such a
     * slice. In virtual time (a {@link TestClock}), while the watchdog is behind its tick (a
     * loaded machine), and while {@link #setSliceTiming slice timing} is on, every slice is timed
     * exactly instead.
     */
    private void runReady() {
        ResumeListener listener = resumeListener;
        boolean histogram = sliceTiming;
        long threshold = latencyThresholdNanos;
        // Decided once per pass (a few volatile reads, not a few per slice): a watchdog that falls
        // behind is heeded from the next pass. When slices are timed, the end of one is the start of
        // the next: one clock read per slice (about 100 ns on these VMs), not two.
        boolean timeSlices = histogram || threshold > 0 && (testClock != null || LatencyWatchdog.isBehind());
        long sliceStart = timeSlices ? clock.nanoTime() : 0;
        for (int n = runQueue.size(); n > 0; n--) {
            Coro c = runQueue.poll();
            if (listener != null) {
                resuming(listener, c);
            }
            running = c;
            VirtualThreads.runContinuation(c.thread);
            running = null;
            if (listener != null) {
                suspended(listener, c);
            }
            CoroExtension x = c.extension();
            if (x != null && c.state != Coro.State.DEAD) {
                suspended(x, c);
            }
            long slice = resumes;
            if (timeSlices) {
                long now = clock.nanoTime();
                long held = now - sliceStart;
                sliceStart = now;
                if (histogram) {
                    sliceTimes[SliceHistogram.bucketOf(held)]++;
                }
                if (threshold > 0 && held > threshold) {
                    latencyWarning(c, held); // exact; a flag the watchdog may also have raised is moot
                }
            } else {
                long since = sliceWatch.flaggedSince(slice);
                if (since != SliceWatch.NOT_FLAGGED) {
                    latencyWarning(c, clock.nanoTime() - since);
                }
            }
            RESUMES.setOpaque(this, slice + 1);
        }
    }

    /**
     * Called by the {@link LatencyWatchdog} thread every tick: if the same slice of the same coro has
     * been running since an earlier tick for at least {@code threshold}, flags it, so that the loop
     * reports it when it ends, with the time since the watchdog first saw it (at most a tick short).
     */
    void watchLatency(long now, long threshold) {
        long slice = (long) RESUMES.getOpaque(this);
        Coro r = running;
        boolean steady = r != null && slice == (long) RESUMES.getOpaque(this);
        sliceWatch.tick(now, threshold, steady ? slice : -1, r);
    }

    /** The latency watchdog's view of this loop (tests read the slice it flagged). */
    SliceWatch sliceWatch() {
        return sliceWatch;
    }

    /** True if the loop's clock is the system's (the latency watchdog measures in real time only). */
    boolean onSystemClock() {
        return testClock == null;
    }

    private void suspended(CoroExtension x, Coro c) {
        try {
            x.suspended(c);
        } catch (Throwable t) {
            Reporting.printStderr("loop " + name + ": extension of " + c + " failed: " + Reporting.compactTraceback(t));
        }
    }

    private void resuming(ResumeListener listener, Coro c) {
        try {
            listener.resuming(c);
        } catch (Throwable t) {
            Reporting.printStderr("loop " + name + ": resume listener failed: " + Reporting.compactTraceback(t));
        }
    }

    private void suspended(ResumeListener listener, Coro c) {
        try {
            listener.suspended(c);
        } catch (Throwable t) {
            Reporting.printStderr("loop " + name + ": resume listener failed: " + Reporting.compactTraceback(t));
        }
    }

    private void latencyWarning(Coro c, long heldNanos) {
        latencyWarnings++;
        Reporting.writeStderr("High Latency: (" + Reporting.thousandths(heldNanos, 1_000_000_000L) + "s) for " + c
                + System.lineSeparator());
    }

    /**
     * While coros keep the loop busy, it polls for I/O (without waiting) once this many slices have
     * run since its last poll...
     */
    static final int SLICES_PER_BUSY_POLL = 64;
    /** ... or once this long has passed since it, as far as the clock read for timers tells. */
    static final long BUSY_POLL_INTERVAL = 50_000;

    /**
     * Whether a busy loop polls after this pass. A poll is a system call (about 200 ns here), as
     * dear as a switch: made after every pass, it doubled the cost of a message between two coros
     * on a loop that also serves a socket. So a busy loop polls every {@link #SLICES_PER_BUSY_POLL}
     * slices, or after a pass that started {@link #BUSY_POLL_INTERVAL} after the one that followed
     * the last poll (the clock is read as a pass starts, when there are timers to fire), whichever
     * comes first; a loop with nothing left to run always polls.
     */
    private boolean pollWhileBusy() {
        return resumes - resumesAtPoll >= SLICES_PER_BUSY_POLL
                || passClockRead && passClock - clockAtPoll >= BUSY_POLL_INTERVAL;
    }

    private void polled() {
        resumesAtPoll = resumes;
    }

    /** Polls for I/O, sleeping if there is nothing to run (at most until the next timer). */
    private void poll() {
        boolean io = poller.hasRegistrations();
        if (!runQueue.isEmpty() || !inbox.isEmpty()) {
            if (io && pollWhileBusy()) {
                selects++;
                poller.selectNow();
                polled();
            }
            return;
        }
        polled();
        boolean anyTimer = !timers.isEmpty();
        long next = anyTimer ? timers.nextCheck() : 0;
        if (testClock != null && anyTimer) {
            // Virtual time: never sleep for a timer; jump to it once nothing else can happen now.
            if (io) {
                selects++;
                poller.selectNow();
            }
            if (runQueue.isEmpty() && inbox.isEmpty()) {
                testClock.advanceTo(next);
            }
            return;
        }
        long timeout = anyTimer ? Math.max(0, next - clock.nanoTime()) : -1;
        if (timeout == 0) {
            if (io) {
                selects++;
                poller.selectNow();
            }
            return;
        }
        // Without a registered channel there is nothing to select: the loop parks, and a post
        // unparks it (p50 2.2 µs here, against 6.0 µs for a selector's wakeup). No channel can be
        // registered meanwhile: registering is done on the loop's thread only.
        wakeState.set(io ? SLEEPING : PARKED);
        try {
            selects++;
            if (!inbox.isEmpty()) {
                if (io) {
                    poller.selectNow();
                }
            } else if (io) {
                poller.select(timeout);
            } else if (timeout < 0) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, timeout);
            }
        } finally {
            wakeState.set(AWAKE);
        }
    }

    // =====================================================================================
    // Submissions
    // =====================================================================================

    /** True on this loop's thread (in the loop itself or in one of its coros). Any thread may ask. */
    public boolean inLoop() {
        Thread t = Thread.currentThread();
        if (t == loopThread) {
            return true;
        }
        Coro r = running;
        return r != null && r.thread == t;
    }

    /** A coro's continuation was submitted (by the JDK, through the coro's executor). */
    void enqueue(Coro c) {
        if (inLoop()) {
            runQueue.add(c);
        } else {
            post(c);
        }
    }

    /**
     * Runs {@code task} on the loop thread at its next pass. Any thread; never blocks. Tasks must be
     * short and must not block (they run outside any coro); spawn a coro for anything longer.
     */
    public void post(Runnable task) {
        post((Object) Objects.requireNonNull(task, "task"));
    }

    private void post(Object item) {
        inbox.offer(item);
        // Dekker with poll(): it sets SLEEPING (or PARKED) then checks the inbox; we offer then
        // check the state. The state's volatile write also publishes loopThread to us.
        int state = wakeState.get();
        if ((state == SLEEPING || state == PARKED) && wakeState.compareAndSet(state, WOKEN)) {
            selectorWakeups++;
            if (state == PARKED) {
                LockSupport.unpark(loopThread);
            } else {
                poller.wakeup();
            }
        }
    }

    /** Runs {@code task} now if called on this loop, else posts it. */
    public void execute(Runnable task) {
        if (inLoop()) {
            task.run();
        } else {
            post(task);
        }
    }

    /** Spawns a coro on this loop. Any thread. */
    public Coro spawn(Body body) {
        return Coro.spawnOn(this, null, body);
    }

    /** Spawns a named coro on this loop. Any thread. */
    public Coro spawn(String name, Body body) {
        return Coro.spawnOn(this, name, body);
    }

    // =====================================================================================
    // Timers (loop thread only)
    // =====================================================================================

    void addTimer(Timer t, long deadline) {
        assert inLoop();
        timers.add(t, deadline);
    }

    void cancelTimer(Timer t) {
        timers.remove(t);
    }

    /**
     * Runs {@code task} on the loop after {@code delay}; returns a handle to cancel it. Loop thread only.
     */
    public Cancellable schedule(Duration delay, Runnable task) {
        if (!inLoop()) {
            throw new IllegalStateException("schedule() must be called on loop " + name + "; use post() first");
        }
        TaskTimer t = new TaskTimer(task);
        timers.add(t, clock.nanoTime() + Coro.nanos(delay));
        return () -> timers.remove(t);
    }

    /** A scheduled task that can be called off. */
    @FunctionalInterface
    public interface Cancellable {
        /** Returns true if the task had not run yet and now will not. */
        boolean cancel();
    }

    private static final class TaskTimer extends Timer {
        private final Runnable task;

        TaskTimer(Runnable task) {
            this.task = task;
        }

        @Override
        boolean fire(Scheduler scheduler) {
            task.run();
            return false;
        }

        @Override
        String describe() {
            return "task " + task;
        }
    }

    // =====================================================================================
    // Live coros and diagnostics
    // =====================================================================================

    void link(Coro c) {
        live.link(c);
        spawned++;
    }

    void unlink(Coro c) {
        live.unlink(c);
    }

    /** The live coros of this loop (started and not dead). */
    public List<Coro> coros() {
        return live.list();
    }

    public int liveCoros() {
        return live.size();
    }

    /** Every live coro of this loop with where it is blocked. */
    public List<CoroInfo> whereAll() {
        return live.whereAll(running);
    }

    void collectEvents(Map<Object, List<Coro>> out) {
        live.collectEvents(out);
    }

    public String name() {
        return name;
    }

    public Clock clock() {
        return clock;
    }

    public Poller poller() {
        return poller;
    }

    /**
     * Installs {@code listener} (null removes it), to be told around every run of a coro; returns the
     * previous one. Any thread; takes effect at the loop's next pass. One listener per loop: a
     * profiler that finds another one installed should refuse to start rather than replace it.
     */
    public ResumeListener setResumeListener(ResumeListener listener) {
        ResumeListener old = resumeListener;
        resumeListener = listener;
        return old;
    }

    /** The installed {@link ResumeListener}, or null. Any thread. */
    public ResumeListener resumeListener() {
        return resumeListener;
    }

    /**
     * Turns slice timing on or off: while on, the loop reads the clock once per slice (the end of
     * one slice is the start of the next) and counts the slice's length in {@link #sliceHistogram()}.
     * Off by default, and then it costs nothing. Turning it off keeps the counts. Any thread; takes
     * effect at the loop's next pass.
     */
    public void setSliceTiming(boolean on) {
        sliceTiming = on;
    }

    /** Whether slice timing is on. Any thread. */
    public boolean sliceTiming() {
        return sliceTiming;
    }

    /**
     * How long this loop's slices took while slice timing was on (see {@link #setSliceTiming}).
     * Any thread; from another thread a copy taken while the loop runs (consistent per bucket).
     */
    public SliceHistogram sliceHistogram() {
        return new SliceHistogram(sliceTimes);
    }

    /** True while some thread runs this loop. */
    public boolean isRunning() {
        return loopThread != null;
    }

    /** A snapshot of the loop's counters (racy but monotonic when read from another thread). */
    public Stats stats() {
        return new Stats(name, live.size(), runQueue.size(), timers.size(), passes, resumes, selects,
                timersFired, latencyWarnings, spawned, postsTaken, selectorWakeups,
                Duration.ofNanos(System.nanoTime() - createdAt));
    }

    /**
     * Counters of one loop, for monitoring.
     *
     * @param postsTaken items other threads handed to the loop: wakeups of its coros and posted tasks
     * @param selects how many times the loop polled for I/O or went to sleep
     * @param selectorWakeups how many of those had to wake the loop from its sleep (a select, or a
     *        park when it watched no channel)
     */
    public record Stats(String name, int liveCoros, int readyCoros, int pendingTimers, long passes,
                        long resumes, long selects, long timersFired, long latencyWarnings,
                        long spawned, long postsTaken, long selectorWakeups, Duration uptime) {}

    @Override
    public String toString() {
        return "Scheduler[" + name + (isRunning() ? " running" : "") + ", " + live.size() + " coros]";
    }
}
