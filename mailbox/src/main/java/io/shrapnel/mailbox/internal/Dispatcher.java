package io.shrapnel.mailbox.internal;

import io.shrapnel.kernel.Body;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.internal.CoroExtension;
import io.shrapnel.kernel.internal.Kernel;
import io.shrapnel.mailbox.Behavior;
import io.shrapnel.mailbox.Behaviors;

/**
 * The body of a dispatcher coro: takes ready handler actors off its loop's ready queue and runs
 * their handlers inline, one message after another, with no coro switch per message.
 *
 * <p>A handler that blocks (one of the kernel's waits, or any JDK park) suspends the dispatcher
 * coro in the middle of the handler. The kernel then calls {@link #suspended} on the loop thread;
 * finding {@code inHandler} set, it <em>detaches</em> this coro: the coro now belongs to the
 * blocked actor (marked busy), will finish that actor's turn when the handler resumes, and then
 * exits; a fresh dispatcher coro takes over the loop's ready queue at once. Only the coro holding an
 * actor's turn runs its handlers, so one actor's messages stay in order.
 *
 * <p>Every {@link #BUDGET} messages the dispatcher yields so that timers, I/O and other coros of
 * the loop get their turn. A dispatcher exits when no actor is ready (see {@link LoopActors#retire}),
 * so an idle loop has no dispatcher coro at all.
 *
 * <p>Threading: the dispatcher's coro and its loop thread (for {@link #suspended}) only.
 */
final class Dispatcher implements Body, CoroExtension {
    /** Messages handled before letting the rest of the loop run. */
    private static final int BUDGET = 256;
    /** Messages of one actor per turn before the next ready actor gets its turn. */
    private static final int THROUGHPUT = 32;

    private final LoopActors loop;
    private HandlerActor current;
    private boolean inHandler;
    private boolean detached;

    Dispatcher(LoopActors loop) {
        this.loop = loop;
    }

    /** The dispatcher of the running coro, or null. */
    static Dispatcher running() {
        Coro c = Coro.current();
        return c != null && Kernel.extension(c) instanceof Dispatcher d ? d : null;
    }

    /** The handler actor whose turn this dispatcher runs now, or null. */
    HandlerActor actor() {
        return current;
    }

    @Override
    public void run() {
        loop.dispatcherStarted();
        int budget = BUDGET;
        while (true) {
            HandlerActor a = loop.nextReady();
            if (a == null) {
                if (loop.retire()) {
                    return;
                }
                continue;
            }
            budget -= turn(a);
            if (detached) {
                return; // this coro finished the turn of a blocked actor; a fresh dispatcher runs the loop
            }
            if (budget <= 0) {
                budget = BUDGET;
                Coro.yieldSlice();
            }
        }
    }

    /** Runs up to THROUGHPUT messages of {@code a}; returns how many (at least 1). */
    private int turn(HandlerActor a) {
        current = a;
        a.turns++;
        int n = 0;
        try {
            if (a.pendingStop != null) {
                a.terminate(a.pendingStop);
                return 1;
            }
            if (a.behavior instanceof Behaviors.Setup<Object> s) {
                inHandler = true;
                Behavior<Object> first = s.start(a);
                inHandler = false;
                if (!become(a, first)) {
                    return 1;
                }
            }
            Object m;
            while (n < THROUGHPUT && (m = a.poll()) != null) {
                n++;
                a.took();
                inHandler = true;
                Behavior<Object> next = a.behavior.receive(m);
                inHandler = false;
                if (next != Behaviors.same() && !become(a, next)) {
                    return n;
                }
                if (a.pendingStop != null) {
                    a.terminate(a.pendingStop);
                    return n;
                }
            }
        } catch (Throwable t) {
            inHandler = false;
            a.fail(t);
            return Math.max(n, 1);
        } finally {
            current = null;
            if (detached) {
                loop.busyDone(a);
            }
        }
        a.endTurn();
        return Math.max(n, 1);
    }

    /** Switches {@code a} to {@code next}; false if it stopped. */
    private boolean become(HandlerActor a, Behavior<Object> next) throws Exception {
        while (next instanceof Behaviors.Setup<Object> s) {
            inHandler = true;
            next = s.start(a);
            inHandler = false;
        }
        if (next == null || next == Behaviors.same()) {
            throw new IllegalStateException("a behaviour returned " + next + " where a behaviour was needed "
                    + "(Behaviors.same() is only for handlers' results; setup must return the first behaviour)");
        }
        if (next == Behaviors.stopped()) {
            a.terminate(null);
            return false;
        }
        a.behavior = next;
        return true;
    }

    /** Kernel hook, on the loop thread: the dispatcher coro gave the loop back. */
    @Override
    public void suspended(Coro coro) {
        if (inHandler && !detached) {
            detached = true;
            current.busyOn = coro;
            loop.detached(); // a fresh dispatcher carries on with the other actors
        }
    }

    @Override
    public void exited(Coro coro, Throwable error) {
        if (!detached && error != null) {
            loop.dispatcherLost(); // shut down between turns: the next ready actor starts a new one
        }
    }
}
