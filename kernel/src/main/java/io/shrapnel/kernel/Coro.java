package io.shrapnel.kernel;

import io.shrapnel.kernel.internal.CoroAccess;
import io.shrapnel.kernel.internal.CoroExtension;
import io.shrapnel.kernel.internal.Waiter;
import io.shrapnel.kernel.testing.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;

/**
 * A coro: a cooperative thread of one event loop, running straight-line blocking code.
 *
 * <p>A coro is a JDK virtual thread whose scheduler is a {@link Scheduler} (one platform thread
 * running an event loop). So {@code Thread.sleep}, {@code synchronized}, {@code ReentrantLock} and JDK
 * sockets park the coro and resume it on its loop; the kernel's own waits ({@link #sleep},
 * {@link #withTimeout}, the {@link Poller}, the primitives built on {@link Waiter}) never leave the loop.
 *
 * <pre>{@code
 * Coro.spawn("ticker", () -> { while (true) { Coro.sleep(Duration.ofSeconds(1)); System.out.println("tick"); } });
 * Coro.eventLoop();   // runs until Coro.setExit(code)
 * }</pre>
 *
 * <h2>States</h2>
 * <pre>
 *   from        to          by
 *   NEW         SCHEDULED   start() (spawn = create + start)
 *   SCHEDULED   RUNNING     the loop resumes it
 *   RUNNING     WAITING     one of the kernel's waits (Waiter.begin)
 *   WAITING     SCHEDULED   a wake, a raised exception, a timeout
 *   RUNNING     SCHEDULED   yieldSlice()
 *   RUNNING     DEAD        its body returns or throws
 *   NEW, or SCHEDULED before first run   DEAD   raiseException(e, cancelStart=true), shutdown()
 * </pre>
 * RUNNING also covers a coro parked inside a JDK call (a {@code ReentrantLock}, a JDK socket): it is
 * off the loop but in none of the kernel's waits. The kernel reaches it with {@code Thread.interrupt()}.
 *
 * <p>Threading: a coro's scheduling state (state, wait generation, resume value, pending exception)
 * is touched only on its loop's thread. Other threads reach it by posting to the loop
 * ({@link #raiseException}, {@link #start} and {@link Waiter#wakeFromAnyThread} do that for you).
 * Names may be read and set from any thread; {@link #properties()} belong to the loop.
 */
public final class Coro implements Executor, Runnable {
    static {
        CoroAccess.install(new CoroAccess() {
            @Override
            public Coro require(String operation) {
                return Coro.require(operation);
            }

            @Override
            public int beginWait(Coro coro, Object blocker) {
                return coro.beginWait(blocker);
            }

            @Override
            public void abandonWait(Coro coro, int generation) {
                coro.abandonWait(generation);
            }

            @Override
            public Object park(Coro coro, int generation) {
                return coro.park(generation);
            }

            @Override
            public boolean wake(Coro coro, int generation, Object value) {
                return coro.wake(generation, value);
            }

            @Override
            public boolean handOff(Coro coro, int generation, Object value) {
                if (coro.wake(generation, value)) {
                    coro.handed = true;
                    return true;
                }
                return false;
            }

            @Override
            public boolean wasHanded(Coro coro, int generation) {
                return coro.handed && coro.waitGeneration == generation;
            }

            @Override
            public boolean wakeWithException(Coro coro, int generation, Throwable error) {
                return coro.wakeWithException(generation, error);
            }

            @Override
            public boolean isWaiting(Coro coro, int generation) {
                return coro.isWaiting(generation);
            }

            @Override
            public CoroExtension attachExtension(Coro coro, CoroExtension extension) {
                return coro.attachExtension(extension);
            }

            @Override
            public CoroExtension extension(Coro coro) {
                return coro.extension();
            }
        });
    }

    /** Scheduling state; see the transition table above. */
    public enum State { NEW, SCHEDULED, RUNNING, WAITING, DEAD }

    // A million parked coros is an ordinary load, so every field here is paid a million times:
    // the coro is its own thread's executor and task, its id and name live in the Thread, what few
    // coros use sits in Extras, and the fields fit 56 bytes (12 of header, 44 of fields: one more
    // byte would make it 64).
    final Scheduler scheduler;
    final Thread thread;

    // ---- loop-confined scheduling state ----
    State state = State.NEW; // read racily by diagnostics from other threads
    boolean started;
    /** Set when a hand-off (not a timer's expiry) ended the current wait; cleared as a wait begins. */
    boolean handed;
    int waitGeneration;
    /**
     * The body until the coro starts (then null); later, the value a wake hands to the wait it ends
     * (null while it waits). One field for both: they are never needed at the same time.
     */
    private Object resumeValue;
    Throwable pendingException;
    /** What the coro waits on (for whereAll / eventMap); null when not waiting. */
    Object blocker;
    // Links of the scheduler's list of live coros (see LiveCoros); livePrev is the coro itself
    // while it is not in the list.
    Coro liveNext;
    Coro livePrev = this;
    /** Ready I/O calls left before {@link #trySelfish} says yield (at most 32,768: a char). */
    private char selfishActs = Extras.DEFAULT_SELFISH_ACTS;
    /** Rarely used state, made on first use; written under this lock, read without it. */
    private volatile Extras extras;

    /** What few coros need: kept out of Coro so that the many that do not, do not pay for it. */
    static final class Extras {
        static final char DEFAULT_SELFISH_ACTS = 4;

        // ---- loop-confined ----
        Map<String, Object> properties;
        /** Coro-local storage slots (see {@link CoroLocal}); null until first use. */
        Object[] locals;
        /** Set when the kernel delivered pendingException with Thread.interrupt() (coro parked in a JDK call). */
        Object jdkInterruptReason;
        int maxSelfishActs = DEFAULT_SELFISH_ACTS;
        /** Exit code its loop ends with if this coro dies of an exception (see {@link #critical}); 0: not critical. */
        int criticalExitCode;

        // ---- guarded by the coro (joins may come from other loops) ----
        List<Waiter> joiners;
        Throwable exitError;
        /** Written under the coro's lock (so it cannot be attached after die() looked); read without it. */
        volatile CoroExtension extension;
    }

    private Coro(Scheduler scheduler, String name, Body body) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.resumeValue = Objects.requireNonNull(body, "body");
        this.thread = VirtualThreads.newThread(this, name, this);
    }

    /** This coro's extras, made on first use. Any thread. */
    Extras extras() {
        Extras x = extras;
        if (x == null) {
            synchronized (this) {
                x = extras;
                if (x == null) {
                    extras = x = new Extras();
                }
            }
        }
        return x;
    }

    /** The extras if some were made, else null. Any thread. */
    Extras extrasOrNull() {
        return extras;
    }

    /**
     * For the JDK only: every continuation of this coro's virtual thread is submitted here and goes
     * to the coro's loop. Calling it yourself throws.
     */
    @Override
    public void execute(Runnable continuation) {
        if (!VirtualThreads.isContinuationOf(continuation, thread)) {
            throw new UnsupportedOperationException(this + " runs only its own thread's continuation");
        }
        scheduler.enqueue(this);
    }

    /** For the JDK only: the task of this coro's virtual thread. Calling it yourself throws. */
    @Override
    public void run() {
        // The body runs in this frame, under nothing of ours but it: every frame here is frozen
        // into the stack of each parked coro (a million of them is an ordinary load).
        if (Thread.currentThread() != thread || started) {
            throw misuse();
        }
        if (state == State.DEAD) {
            return; // its start was cancelled
        }
        started = true;
        state = State.RUNNING;
        Throwable failure = null;
        try {
            Body body = (Body) resumeValue;
            resumeValue = null;
            body.run();
        } catch (Throwable t) {
            failure = t;
        }
        die(failure);
    }

    private UnsupportedOperationException misuse() {
        return new UnsupportedOperationException(this + " runs its body once, on its own virtual thread; use start()");
    }

    // =====================================================================================
    // Creating and starting
    // =====================================================================================

    /** Spawns a coro on the current coro's loop (or the default loop outside a coro). */
    public static Coro spawn(Body body) {
        return spawnOn(Scheduler.current(), null, body);
    }

    /** Spawns a named coro on the current coro's loop (or the default loop outside a coro). */
    public static Coro spawn(String name, Body body) {
        return spawnOn(Scheduler.current(), name, body);
    }

    /** Spawns a coro on {@code scheduler}'s loop. */
    public static Coro spawnOn(Scheduler scheduler, Body body) {
        return spawnOn(scheduler, null, body);
    }

    /** Spawns a named coro on {@code scheduler}'s loop. Any thread. */
    public static Coro spawnOn(Scheduler scheduler, String name, Body body) {
        return create(scheduler, name, body).start();
    }

    /**
     * Spawns a <em>critical</em> coro on the current (or default) loop: one the program cannot live
     * without, such as a server's accept loop. If it dies of an exception (other than a deliberate
     * {@link #shutdown()}), the exception is reported as usual and its loop then ends with
     * {@link #CRITICAL_EXIT} ({@code Coro.eventLoop()} returns it), so a process that serves nothing
     * never lingers. Restart it instead with a supervisor (the mailbox module's {@code Supervisor}).
     */
    public static Coro spawnCritical(String name, Body body) {
        return create(Scheduler.current(), name, body).critical(CRITICAL_EXIT).start();
    }

    /** The exit code of a loop whose critical coro died: 70, {@code EX_SOFTWARE} of sysexits.h. */
    public static final int CRITICAL_EXIT = 70;

    /**
     * Makes this coro critical (see {@link #spawnCritical}): if it dies of an exception, its loop
     * ends with {@code exitCode}. Call before {@link #start()}; returns this coro.
     */
    public Coro critical(int exitCode) {
        if (exitCode == 0) {
            throw new IllegalArgumentException("a critical coro's exit code must not be 0 (that reads as success)");
        }
        synchronized (this) {
            extras().criticalExitCode = exitCode;
        }
        return this;
    }

    /** Creates a coro on the current (or default) loop without starting it; see {@link #start()}. */
    public static Coro create(Body body) {
        return create(Scheduler.current(), null, body);
    }

    /** Creates a coro on {@code scheduler} without starting it. Any thread. */
    public static Coro create(Scheduler scheduler, String name, Body body) {
        return new Coro(scheduler, name, body);
    }

    /**
     * Schedules a coro made by {@link #create}. From another thread the start is posted to the loop.
     *
     * @throws ScheduleError if it was already started
     */
    public Coro start() {
        if (scheduler.inLoop()) {
            startOnLoop();
        } else {
            if (state != State.NEW) {
                throw new ScheduleError(this, this + " is already started");
            }
            scheduler.post(this::startOnLoop);
        }
        return this;
    }

    private void startOnLoop() {
        if (state != State.NEW) {
            throw new ScheduleError(this, this + " is already started");
        }
        state = State.SCHEDULED;
        scheduler.link(this);
        thread.start();
    }

    private void die(Throwable failure) {
        List<Waiter> toWake = null;
        CoroExtension ext = null;
        int criticalExit = 0;
        synchronized (this) {
            state = State.DEAD;
            Extras x = extras;
            if (x != null) {
                criticalExit = x.criticalExitCode;
                x.exitError = failure;
                toWake = x.joiners;
                x.joiners = null;
                ext = x.extension;
            } else if (failure != null) {
                extras().exitError = failure;
            }
        }
        resumeValue = null; // the body, if the coro never started
        blocker = null;
        pendingException = null;
        scheduler.unlink(this);
        if (ext != null) {
            try {
                ext.exited(this, failure);
            } catch (Throwable t) {
                Reporting.printStderr("extension of " + this + " failed on exit: " + Reporting.compactTraceback(t));
            }
        }
        if (toWake != null) {
            for (Waiter w : toWake) {
                w.wakeFromAnyThread(null);
            }
        }
        if (failure != null && !(failure instanceof Shutdown)) {
            Reporting.uncaught(this, failure);
            if (criticalExit != 0) {
                Reporting.printStderr("critical " + this + " died: its loop " + scheduler.name()
                        + " ends with exit code " + criticalExit);
                scheduler.setExit(criticalExit);
            }
        }
    }

    // =====================================================================================
    // The current coro; waiting (kernel internals used by Waiter, the Poller, the primitives)
    // =====================================================================================

    /** The coro running this code, or null on a platform thread or a virtual thread not ours. */
    public static Coro current() {
        return VirtualThreads.executorOf(Thread.currentThread()) instanceof Coro c ? c : null;
    }

    /** The current coro, or an error saying that {@code operation} needs one. */
    static Coro require(String operation) {
        Coro c = current();
        if (c == null) {
            throw new YieldFromMain(operation + " must be called from inside a coro: it parks the "
                    + "coro, not the thread. From " + Thread.currentThread() + ", spawn a coro "
                    + "(Coro.spawn(...)) and run the loop (Coro.eventLoop()).");
        }
        return c;
    }

    int beginWait(Object blocker) {
        assert state == State.RUNNING : this + " begins a wait in state " + state;
        throwPending();
        this.blocker = blocker;
        this.resumeValue = null;
        handed = false;
        state = State.WAITING;
        return ++waitGeneration;
    }

    /** Ends a wait that was begun but that nobody can wake (the waker could not be registered). */
    void abandonWait(int generation) {
        if (state == State.WAITING && waitGeneration == generation) {
            state = State.RUNNING;
            blocker = null;
        }
    }

    Object park(int generation) {
        assert Thread.currentThread() == thread : "park from another thread";
        assert waitGeneration == generation : "stale wait";
        while (state == State.WAITING) {
            LockSupport.park(); // no blocker: whereAll shows ours, and setting one costs two barriered stores
            if (state == State.WAITING && Thread.interrupted()) {
                interruptedByJdk();
            }
        }
        state = State.RUNNING;
        blocker = null;
        if (pendingException != null) {
            throwPending();
        }
        Object v = resumeValue;
        resumeValue = null;
        return v;
    }

    /** Thread.interrupt() from outside the kernel: the kernel's waits treat it as interrupt(). */
    private void interruptedByJdk() {
        pendingException = new Interrupted("Thread.interrupt()");
        state = State.SCHEDULED;
    }

    private void throwPending() {
        Throwable e = pendingException;
        if (e != null) {
            pendingException = null;
            resumeValue = null;
            Extras x = extras;
            if (x != null && x.jdkInterruptReason != null) {
                x.jdkInterruptReason = null;
                Thread.interrupted();
            }
            throw Reporting.<RuntimeException>sneaky(e);
        }
    }

    /** Why the kernel interrupted this coro's thread (a JDK call it was parked in), or null. */
    private Object jdkInterruptReason() {
        Extras x = extras;
        return x == null ? null : x.jdkInterruptReason;
    }

    boolean wake(int generation, Object value) {
        assert scheduler.inLoop() : "wake of " + this + " off its loop; use Waiter.wakeFromAnyThread";
        if (state != State.WAITING || waitGeneration != generation) {
            return false;
        }
        resumeValue = value;
        state = State.SCHEDULED;
        LockSupport.unpark(thread);
        return true;
    }

    boolean wakeWithException(int generation, Throwable error) {
        assert scheduler.inLoop() : "wake of " + this + " off its loop; use Waiter.failFromAnyThread";
        if (state != State.WAITING || waitGeneration != generation) {
            return false;
        }
        pendingException = error;
        state = State.SCHEDULED;
        LockSupport.unpark(thread);
        return true;
    }

    boolean isWaiting(int generation) {
        return state == State.WAITING && waitGeneration == generation;
    }

    // =====================================================================================
    // Sleeping, yielding, timeouts
    // =====================================================================================

    /** Parks the current coro for {@code d} on its loop's timers (not the JDK's timer threads). */
    public static void sleep(Duration d) {
        Coro c = require("Coro.sleep");
        c.sleepUntilNanos(c.scheduler.clock().nanoTime() + nanos(d));
    }

    /** Parks the current coro until its loop's clock reads {@code deadline} (see {@link #now()}). */
    public static void sleepUntil(long deadline) {
        require("Coro.sleepUntil").sleepUntilNanos(deadline);
    }

    /** The current loop's clock, in nanoseconds (monotonic; a {@link TestClock} in tests). */
    public static long now() {
        return Scheduler.current().clock().nanoTime();
    }

    private void sleepUntilNanos(long deadline) {
        SleepTimer t = new SleepTimer(this);
        t.generation = beginWait(t);
        scheduler.addTimer(t, deadline);
        try {
            park(t.generation);
        } finally {
            scheduler.cancelTimer(t);
        }
    }

    private static final class SleepTimer extends Timer {
        final Coro coro;
        int generation;

        SleepTimer(Coro coro) {
            this.coro = coro;
        }

        @Override
        boolean fire(Scheduler scheduler) {
            coro.wake(generation, null);
            return false;
        }

        @Override
        String describe() {
            return "sleep of " + coro;
        }

        @Override
        public String toString() {
            return "sleep";
        }
    }

    /** Lets every other ready coro run; the current coro resumes on the next pass of the loop. */
    public static void yieldSlice() {
        Coro c = require("Coro.yieldSlice");
        c.throwPending();
        c.state = State.SCHEDULED;
        try {
            Thread.yield();
        } finally {
            c.state = State.RUNNING;
        }
        c.throwPending();
    }

    /**
     * Calls {@code fn}; if it has not returned after {@code timeout}, interrupts it and throws
     * {@link TimeoutError}. Only this frame turns its own timer into a {@code TimeoutError}: inner
     * {@code withTimeout} frames (and inner handlers of {@code TimeoutError}) let an outer timeout pass
     * through as {@link Interrupted}. A negative timeout counts as zero. If the coro is already
     * scheduled to run (its data arrived) when the timer fires, the timeout waits for the next pass;
     * a coro that only yielded ({@link #yieldSlice}) gets it as the yield returns.
     * A coro parked in a JDK call (a lock, a JDK socket) is reached with {@code Thread.interrupt()}.
     */
    public static <T> T withTimeout(Duration timeout, Callable<T> fn) throws Exception {
        Coro c = require("Coro.withTimeout");
        Timebomb bomb = new Timebomb(c, timeout);
        Scheduler s = c.scheduler;
        s.addTimer(bomb, s.clock().nanoTime() + nanos(timeout));
        try {
            return fn.call();
        } catch (Interrupted e) {
            if (e.reason() == bomb) {
                throw c.timedOut(bomb, null);
            }
            throw e;
        } catch (Exception e) {
            if (c.jdkInterruptReason() == bomb) {
                throw c.timedOut(bomb, e); // the JDK call it was parked in gave up on the interrupt
            }
            throw e;
        } finally {
            s.cancelTimer(bomb);
            if (c.jdkInterruptReason() == bomb) {
                c.clearBomb(bomb); // went off in a JDK call that returned anyway: too late to count
            }
        }
    }

    /** {@link #withTimeout(Duration, Callable)} for code that returns nothing. */
    public static void withTimeout(Duration timeout, Body fn) throws Exception {
        withTimeout(timeout, () -> {
            fn.run();
            return null;
        });
    }

    private TimeoutError timedOut(Timebomb bomb, Exception cause) {
        clearBomb(bomb);
        return new TimeoutError(bomb.timeout, cause);
    }

    private void clearBomb(Timebomb bomb) {
        if (jdkInterruptReason() == bomb) {
            extras.jdkInterruptReason = null;
            Thread.interrupted();
        }
        if (pendingException instanceof Interrupted i && i.reason() == bomb) {
            pendingException = null;
        }
    }

    private static final class Timebomb extends Timer {
        final Coro coro;
        final Duration timeout;

        Timebomb(Coro coro, Duration timeout) {
            this.coro = coro;
            this.timeout = timeout;
        }

        @Override
        boolean fire(Scheduler scheduler) {
            Coro c = coro;
            switch (c.state) {
                case WAITING -> c.wakeWithException(c.waitGeneration, new Interrupted(this));
                case SCHEDULED -> {
                    if (c.blocker == null && c.pendingException == null) {
                        // Scheduled by yieldSlice (no wait, so no value to lose): the timeout is
                        // thrown as the yield returns. Re-armed instead, a coro that keeps yielding
                        // (a read loop on a socket that is always ready) would never time out.
                        c.pendingException = new Interrupted(this);
                        return false;
                    }
                    return true; // woken with a value: the timeout gets it on the next pass
                }
                case RUNNING -> {
                    // Parked inside a JDK call, or queued again after one.
                    if (c.pendingException != null) {
                        return true;
                    }
                    c.pendingException = new Interrupted(this);
                    c.extras().jdkInterruptReason = this;
                    c.thread.interrupt();
                }
                default -> { }
            }
            return false;
        }

        @Override
        String describe() {
            return "timeout of " + Reporting.formatDuration(timeout) + " for " + coro;
        }

        @Override
        public String toString() {
            return "timebomb(" + Reporting.formatDuration(timeout) + ")";
        }
    }

    // =====================================================================================
    // Joining, raising, shutting down
    // =====================================================================================

    /** Parks the current coro until this one has exited (at once if it already has). */
    public void join() {
        Coro c = require("Coro.join");
        if (c == this) {
            throw new IllegalStateException(this + " cannot join itself");
        }
        Waiter w;
        synchronized (this) {
            if (state == State.DEAD) {
                return;
            }
            w = Waiter.begin(new JoinEvent(this));
            Extras x = extras();
            if (x.joiners == null) {
                x.joiners = new ArrayList<>(2);
            }
            x.joiners.add(w);
        }
        try {
            w.await();
        } finally {
            synchronized (this) {
                List<Waiter> joiners = extras.joiners;
                if (joiners != null) {
                    joiners.remove(w);
                }
            }
        }
    }

    private record JoinEvent(Coro coro) {
        @Override
        public String toString() {
            return "join " + coro;
        }
    }

    /** Same as {@link #raiseException(Throwable, boolean) raiseException(error, false)}. */
    public void raiseException(Throwable error) {
        raiseException(error, false);
    }

    /**
     * Makes {@code error} be thrown in this coro: at once if it is waiting, when it next runs if it is
     * already scheduled (replacing the value it was to resume with), through {@code Thread.interrupt()}
     * if it is parked in a JDK call. From another thread the raise is posted to the coro's loop.
     *
     * @param cancelStart if the coro has not run yet: true cancels it (it dies without running),
     *     false throws {@link NotStartedError}
     * @throws DeadCoroError if the coro has exited
     * @throws ScheduleError if a coro raises into itself (throw instead)
     */
    public void raiseException(Throwable error, boolean cancelStart) {
        Objects.requireNonNull(error, "error");
        if (state == State.DEAD) {
            throw new DeadCoroError(this);
        }
        if (scheduler.inLoop()) {
            raiseOnLoop(error, cancelStart, true);
        } else {
            scheduler.post(() -> raiseOnLoop(error, cancelStart, false));
        }
    }

    private void raiseOnLoop(Throwable error, boolean cancelStart, boolean reportMisuse) {
        if (state == State.DEAD) {
            if (reportMisuse) {
                throw new DeadCoroError(this);
            }
            return;
        }
        if (!started) {
            if (cancelStart) {
                cancelStart();
            } else if (reportMisuse) {
                throw new NotStartedError(this);
            }
            return;
        }
        if (scheduler.running == this) {
            throw new ScheduleError(this, this + " cannot raise into itself; throw the exception instead");
        }
        switch (state) {
            case WAITING -> wakeWithException(waitGeneration, error);
            case SCHEDULED -> pendingException = error; // replaces the value it was to resume with
            case RUNNING -> {
                pendingException = error;
                extras().jdkInterruptReason = error;
                thread.interrupt();
            }
            default -> throw new AssertionError(state);
        }
    }

    private void cancelStart() {
        die(null);
    }

    /** Raises {@link Interrupted} into this coro (see {@link #raiseException}). */
    public void interrupt() {
        raiseException(new Interrupted());
    }

    /** Raises {@code new Interrupted(reason)} into this coro. */
    public void interrupt(Object reason) {
        raiseException(new Interrupted(reason));
    }

    /**
     * Shuts this coro down: raises {@link Shutdown} into it, or cancels it if it has not run yet.
     * Never fails: a dead coro is left alone.
     */
    public void shutdown() {
        if (state != State.DEAD) {
            try {
                raiseException(new Shutdown(), true);
            } catch (DeadCoroError alreadyDead) {
                // raced with its exit: nothing to do
            }
        }
    }

    // =====================================================================================
    // The event loop (module-level verbs of the original)
    // =====================================================================================

    /**
     * Runs the default loop on the calling thread until {@link #setExit(int)}; returns the exit code.
     * May be entered again after it returns: coros still alive carry on. While it runs, SIGTERM and
     * SIGINT make it return {@code 128 +} the signal's number, unless they have handlers of yours or
     * {@link Signals#setExitOnTermination} is off (see {@link Signals}).
     */
    public static int eventLoop() {
        Scheduler s = Scheduler.defaultScheduler();
        try (TerminationSignals t = TerminationSignals.install(s)) {
            return s.run();
        }
    }

    /** Makes the current coro's loop (or the default loop) return from its run with {@code code}. */
    public static void setExit(int code) {
        Scheduler.current().setExit(code);
    }

    public static void setExit() {
        setExit(0);
    }

    /**
     * Runs {@code fn} on a bounded pool of platform threads while the current coro waits and its loop
     * keeps running. For calls that would otherwise hold the loop: file I/O, blocking libraries.
     * If the coro is interrupted or times out, the pool thread is interrupted too; a value that
     * {@code fn} still returns after that is closed if it is {@link AutoCloseable} (an opened file,
     * a connection), as nobody can receive it, and is otherwise dropped.
     */
    public static <T> T offload(Callable<T> fn) throws Exception {
        return Offload.call(require("Coro.offload"), fn);
    }

    // =====================================================================================
    // Introspection
    // =====================================================================================

    /** Every live coro of every loop: id, name, state and where it is blocked. */
    public static List<CoroInfo> whereAll() {
        List<CoroInfo> out = new ArrayList<>();
        for (Scheduler s : Scheduler.all()) {
            out.addAll(s.whereAll());
        }
        return out;
    }

    /** Every event some coro waits for, with its waiters, across all loops. */
    public static Map<Object, List<Coro>> eventMap() {
        Map<Object, List<Coro>> out = new java.util.LinkedHashMap<>();
        for (Scheduler s : Scheduler.all()) {
            s.collectEvents(out);
        }
        return out;
    }

    /** Replaces the exception notifier; returns the previous one. */
    public static ExceptionNotifier setExceptionNotifier(ExceptionNotifier notifier) {
        return Reporting.setNotifier(notifier);
    }

    /**
     * Sets the latency warning: a coro that holds its loop longer than {@code threshold} in one run
     * is reported as {@code High Latency: (0.300s) for <coro #4 name=...>}. Default 0.2 s; zero or
     * negative turns the warning off. Returns the previous threshold.
     */
    public static Duration setLatencyWarning(Duration threshold) {
        return Scheduler.setLatencyThreshold(threshold);
    }

    /** Writes {@code text} to stderr as it is. */
    public static void writeStderr(String text) {
        Reporting.writeStderr(text);
    }

    /** Writes {@code text} to stderr with a timestamp in front and a newline at the end. */
    public static void printStderr(String text) {
        Reporting.printStderr(text);
    }

    /** A number that no other coro or thread of this JVM has: its virtual thread's id. */
    public long id() {
        return thread.threadId();
    }

    /** The name given at spawn or by {@link #setName}, or null. Any thread. */
    public String name() {
        String n = thread.getName();
        return n.isEmpty() ? null : n;
    }

    /** Names this coro (null or empty: no name); the name is also its virtual thread's. Any thread. */
    public Coro setName(String name) {
        thread.setName(name == null ? "" : name);
        return this;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public State state() {
        return state;
    }

    public boolean isDead() {
        return state == State.DEAD;
    }

    /** True once the coro has begun to run its body. */
    public boolean isStarted() {
        return started;
    }

    public boolean isScheduled() {
        return state == State.SCHEDULED;
    }

    /** The exception that ended this coro, or null if it returned normally or is still alive. */
    public synchronized Throwable exitError() {
        Extras x = extras;
        return x == null ? null : x.exitError;
    }

    /** Per-coro properties (created on first use). Use from the coro's loop only. */
    public Map<String, Object> properties() {
        Extras x = extras();
        if (x.properties == null) {
            x.properties = new HashMap<>(4);
        }
        return x.properties;
    }

    /**
     * Attaches what a layer above the kernel keeps with this coro (see {@link CoroExtension}), unless
     * one is attached already. Any thread.
     *
     * @return {@code extension} if it was attached; the one attached earlier if there is one; null if
     *     the coro has already exited (then nothing is attached and {@code exited} will not be called)
     */
    CoroExtension attachExtension(CoroExtension extension) {
        Objects.requireNonNull(extension, "extension");
        synchronized (this) {
            Extras x = extras();
            CoroExtension current = x.extension;
            if (current != null) {
                return current;
            }
            if (state == State.DEAD) {
                return null;
            }
            x.extension = extension;
            return extension;
        }
    }

    /** The extension attached to this coro, or null. Any thread. */
    CoroExtension extension() {
        Extras x = extras;
        return x == null ? null : x.extension;
    }

    /** The virtual thread behind this coro (for stack traces, thread dumps, debuggers). */
    public Thread thread() {
        return thread;
    }

    /**
     * For I/O code: true if the current coro may carry on without yielding after finding data ready,
     * false (and the allowance reset) once it has done so {@code maxSelfishActs} times in a row, so
     * one busy connection cannot starve the others.
     */
    public boolean trySelfish() {
        if (selfishActs > 0) {
            selfishActs--;
            return true;
        }
        Extras x = extras;
        selfishActs = (char) (x == null ? Extras.DEFAULT_SELFISH_ACTS : x.maxSelfishActs);
        return false;
    }

    /** Sets how many ready I/O calls in a row this coro may make before yielding (default 4). */
    public int setMaxSelfishActs(int maximum) {
        if (maximum <= 0 || maximum > 32768) {
            throw new IllegalArgumentException("max selfish acts must be 1..32768, not " + maximum);
        }
        Extras x = extras();
        int old = x.maxSelfishActs;
        x.maxSelfishActs = maximum;
        selfishActs = (char) maximum;
        return old;
    }

    @Override
    public String toString() {
        String n = name();
        return n == null ? "<coro #" + id() + ">" : "<coro #" + id() + " name=" + n + ">";
    }

    static long nanos(Duration d) {
        if (d.isNegative()) {
            return 0;
        }
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE / 4;
        }
    }

    static String formatDuration(Duration d) {
        return Reporting.formatDuration(d);
    }
}
