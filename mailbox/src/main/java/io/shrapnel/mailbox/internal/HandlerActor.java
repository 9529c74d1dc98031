package io.shrapnel.mailbox.internal;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Interrupted;
import io.shrapnel.kernel.ScheduleError;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.internal.Kernel;
import io.shrapnel.mailbox.Behavior;
import io.shrapnel.mailbox.Behaviors;
import io.shrapnel.mailbox.MailboxConfig;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A handler actor: a {@link Behavior} whose handlers the loop's {@link Dispatcher} runs inline, and
 * its mailbox (one object, to keep a million idle actors small).
 *
 * <h2>The receiver's word ({@code status})</h2>
 * <pre>
 *   from        to          by
 *   IDLE        SCHEDULED   the sender whose CAS wins; it puts the actor on its loop's ready queue
 *   SCHEDULED   IDLE        the dispatcher, after a turn that emptied the mailbox (then it looks again)
 *   SCHEDULED   CLOSED      the dispatcher, when the actor exits
 * </pre>
 * While SCHEDULED, exactly one coro may run the actor's handlers: the one that took it from the
 * ready queue. That is what keeps one actor's messages in order, even when a blocked handler
 * finishes on its own coro while a fresh dispatcher runs the other actors. Linearization point of
 * "the actor went idle": the dispatcher's volatile write of IDLE, after which it looks at the queue
 * once more.
 *
 * <p>Threading: {@code status} and sending: any thread. The behaviour, {@code pendingStop},
 * {@code busyOn} and the loop-list links: the actor's loop only.
 */
public final class HandlerActor extends Mailbox {
    static final int IDLE = 0;
    static final int SCHEDULED = 1;
    static final int CLOSED_STATUS = 2;
    private static final VarHandle STATUS;

    static {
        try {
            STATUS = MethodHandles.lookup().findVarHandle(HandlerActor.class, "status", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private volatile int status;
    Behavior<Object> behavior;
    /** Why the actor must stop at its next turn (a stop or an exit signal), or null. */
    Throwable pendingStop;
    /** The coro finishing a handler of this actor that blocked, or null. */
    Coro busyOn;
    // Links of the loop's list of handler actors.
    HandlerActor prevOnLoop;
    HandlerActor nextOnLoop;
    boolean listed;
    /** Turns the actor was given (loop only). */
    long turns;

    @SuppressWarnings("unchecked")
    private HandlerActor(LoopActors loop, String name, MailboxConfig config, Behavior<?> behavior) {
        super(loop, config);
        this.name = name;
        this.behavior = (Behavior<Object>) behavior;
    }

    /** Spawns a handler actor on {@code scheduler}'s loop. Any thread. */
    public static HandlerActor spawn(Scheduler scheduler, String name, MailboxConfig config, Behavior<?> behavior) {
        LoopActors loop = LoopActors.of(scheduler);
        HandlerActor a = new HandlerActor(loop, name, config, behavior);
        loop.list(a);
        if (behavior instanceof Behaviors.Setup) {
            a.status = SCHEDULED; // its setup runs at its first turn, message or not
            loop.schedule(a);
        }
        return a;
    }

    // =====================================================================================
    // The receiver's word
    // =====================================================================================

    @Override
    void afterOffer() {
        int s = status;
        while (s == IDLE) {
            if (STATUS.compareAndSet(this, IDLE, SCHEDULED)) {
                loop.schedule(this);
                return;
            }
            s = status;
        }
        if (s == CLOSED_STATUS) {
            drainClosed();
        }
    }

    @Override
    boolean isClosed() {
        return status == CLOSED_STATUS;
    }

    @Override
    void markClosed() {
        STATUS.setVolatile(this, CLOSED_STATUS);
    }

    /** After a turn: back on the ready queue if messages wait, else IDLE (and look once more). Loop only. */
    void endTurn() {
        if (!queueIsEmpty()) {
            loop.schedule(this); // stays SCHEDULED; to the back of the queue, for fairness
            return;
        }
        STATUS.setVolatile(this, IDLE); // linearization point: a sender that offers after this schedules us
        if (!queueIsEmpty() && STATUS.compareAndSet(this, IDLE, SCHEDULED)) {
            loop.schedule(this);
        }
    }

    // =====================================================================================
    // Stopping
    // =====================================================================================

    @Override
    void kill(Throwable reason) {
        loop.scheduler.execute(() -> stopOnLoop(reason));
    }

    private void stopOnLoop(Throwable reason) {
        if (isClosed()) {
            return;
        }
        if (pendingStop == null) {
            pendingStop = reason;
        }
        Coro busy = busyOn;
        if (busy != null) {
            // Its handler is blocked on that coro: unblock it with the reason (it is an Interrupted).
            try {
                busy.raiseException(reason);
            } catch (ScheduleError runningOrGone) { // DeadCoroError too
                // the handler itself asked to stop: pendingStop is seen when it returns
            }
            return;
        }
        if (STATUS.compareAndSet(this, IDLE, SCHEDULED)) {
            loop.schedule(this);
        }
    }

    /** Ends the actor (on its loop, by the coro running its turn): normally if {@code reason} is null. */
    void terminate(Throwable reason) {
        behavior = null;
        pendingStop = null;
        loop.unlist(this);
        close(reason);
    }

    /** A handler threw: report it (unless it was a stop or an exit signal) and end the actor. */
    void fail(Throwable error) {
        if (!(error instanceof Interrupted)) {
            Coro.printStderr("handler actor " + this + " failed: " + Failures.compact(error));
        }
        terminate(error);
    }

    /** The handler actor whose handler runs on {@code coro} now (a dispatcher's), or null. */
    public static HandlerActor runningOn(Coro coro) {
        return Kernel.extension(coro) instanceof Dispatcher d ? d.actor() : null;
    }

    @Override
    boolean receiverIsCaller() {
        Dispatcher d = Dispatcher.running();
        return d != null && d.actor() == this;
    }

    @Override
    long wakeups() {
        return turns;
    }

    @Override
    public String name() {
        return name != null ? name : "handler-" + id;
    }

    @Override
    public String toString() {
        return "<handler actor #" + id + (name != null ? " " + name : "") + ">";
    }
}
