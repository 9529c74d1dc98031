package io.shrapnel.mailbox.internal;

import io.shrapnel.kernel.Body;
import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.DeadCoroError;
import io.shrapnel.kernel.Interrupted;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.internal.CoroExtension;
import io.shrapnel.kernel.internal.Kernel;
import io.shrapnel.kernel.internal.Waiter;
import io.shrapnel.mailbox.ActorExit;
import io.shrapnel.mailbox.CoroActor;
import io.shrapnel.mailbox.DeadLetter.Cause;
import io.shrapnel.mailbox.Inbox;
import io.shrapnel.mailbox.MailboxConfig;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The mailbox of one coro: what {@code receive()} parks on. A coro actor's coro is made with it; any
 * other coro gets one on first use ({@link #of}), kept as the coro's {@link CoroExtension}, so plain
 * coros pay nothing.
 *
 * <h2>The receiver's word ({@code state})</h2>
 * <pre>
 *   null      the receiver is not parked: a sender only offers
 *   a Waiter  the receiver is parked in receive: the sender that CASes it back to null wakes it
 *   CLOSED    the coro has exited: a sender that finds it drains the queue into dead letters
 * </pre>
 * Linearization point of "the receiver is parked": its volatile write of its Waiter into
 * {@code state}, after which it looks at the queue once more; of a send: the CAS on the queue's
 * producer index. A wake from another thread is one {@link Waiter#wakeFromAnyThread post} to the
 * receiver's loop per park, not per message: senders that find {@code state} null do nothing more.
 *
 * <p>Selective receive moves the messages it passes over to {@code stash}, in order; every receive
 * looks there first, so the order of the remaining messages is kept.
 *
 * <p>Fairness: a receiver whose messages keep arriving never parks, so it would hold its loop for
 * as long as the stream lasts. After {@link #STREAK} receives in a row that did not park, the next
 * receive yields the loop once (before taking anything, so an exception raised meanwhile loses no
 * message): about half a nanosecond per message, and other coros, timers and I/O get their turn.
 *
 * <p>Threading: the receive methods run in the owner coro only (checked); {@code stash} is the
 * owner's. Sending: any thread (see {@link Mailbox}).
 */
public final class CoroMailbox extends Mailbox implements Inbox<Object>, CoroExtension, Body {
    private static final Object CLOSED_STATE = new Object() {
        @Override
        public String toString() {
            return "closed";
        }
    };
    private static final String RECEIVE = "receive";
    private static final long NO_DEADLINE = Long.MAX_VALUE;
    /** Receives in a row without parking before one yields the loop. */
    private static final int STREAK = 256;
    private static final VarHandle STATE;
    private static final VarHandle WAKEUPS;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(CoroMailbox.class, "state", Object.class);
            WAKEUPS = MethodHandles.lookup().findVarHandle(CoroMailbox.class, "wakeups", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The receiving coro; set once, before the mailbox is published. */
    private Coro owner;
    /** A coro actor's body until it starts; null for mailboxes of plain coros. */
    private CoroActor<Object> body;
    private volatile Object state;
    /** Wakes of the parked receiver (added to by the one sender whose CAS won, once per park). */
    private volatile long wakeups;
    private ArrayDeque<Object> stash;
    /** Receives since the owner last parked or yielded (owner only). */
    private int streak;
    /** An exit signal that ended the body: reported as the exit reason, but not as an uncaught error. */
    private ActorExit linkedExit;

    private CoroMailbox(LoopActors loop, MailboxConfig config) {
        super(loop, config);
    }

    /** Spawns a coro actor: a coro running {@code body} with this mailbox as its inbox. Any thread. */
    @SuppressWarnings("unchecked")
    public static CoroMailbox spawn(Scheduler scheduler, String name, MailboxConfig config, CoroActor<?> body) {
        CoroMailbox m = new CoroMailbox(LoopActors.of(scheduler), config);
        m.body = (CoroActor<Object>) body;
        Coro c = Coro.create(scheduler, name, m);
        m.owner = c;
        Kernel.attachExtension(c, m);
        c.start();
        return m;
    }

    /** The mailbox of {@code coro}, created on first use. Any thread. */
    public static CoroMailbox of(Coro coro) {
        CoroExtension x = Kernel.extension(coro);
        if (x instanceof CoroMailbox m) {
            return m;
        }
        CoroMailbox m = new CoroMailbox(LoopActors.of(coro.scheduler()), MailboxConfig.unbounded());
        m.owner = coro;
        x = Kernel.attachExtension(coro, m);
        if (x == m) {
            return m;
        }
        if (x instanceof CoroMailbox earlier) {
            m.close(null); // lost the race; never published
            return earlier;
        }
        if (x == null) {
            m.close(coro.exitError()); // the coro has exited: an address that makes dead letters
            return m;
        }
        throw new IllegalStateException(coro + " is a dispatcher of handler actors and has no mailbox of its own: "
                + "address the handler actors instead");
    }

    /** The coro actor's body, as the coro's {@link Body}. */
    @Override
    public void run() throws Exception {
        CoroActor<Object> b = body;
        body = null;
        try {
            b.run(this);
        } catch (ActorExit e) {
            linkedExit = e; // linked actors die together quietly; exited() passes the reason on
        }
    }

    // =====================================================================================
    // The receiver's word
    // =====================================================================================

    @Override
    void afterOffer() {
        Object s = state;
        if (s == null) {
            return;
        }
        if (s == CLOSED_STATE) {
            drainClosed();
        } else if (STATE.compareAndSet(this, s, null)) {
            WAKEUPS.getAndAdd(this, 1L);
            ((Waiter) s).wakeFromAnyThread(null); // direct on the receiver's loop, else one post
        }
    }

    @Override
    boolean isClosed() {
        return state == CLOSED_STATE;
    }

    @Override
    void markClosed() {
        STATE.setVolatile(this, CLOSED_STATE);
    }

    @Override
    void kill(Throwable reason) {
        if (reason instanceof Interrupted signal && receiverIsCaller()) {
            // The actor's own coro: it linked to an actor that had already crashed, or stopped itself.
            // A coro cannot raise into itself (ScheduleError), so the signal is thrown here instead.
            throw signal;
        }
        try {
            owner.raiseException(reason, true);
        } catch (DeadCoroError alreadyGone) {
            // it exited meanwhile: its own exit is what counts
        }
    }

    @Override
    boolean receiverIsCaller() {
        return Thread.currentThread() == owner.thread();
    }

    @Override
    public void exited(Coro coro, Throwable error) {
        close(linkedExit != null ? linkedExit : error);
    }

    // =====================================================================================
    // Receiving (owner coro only)
    // =====================================================================================

    @Override
    public Object receive() {
        checkOwner("receive()");
        yieldAfterAStreak();
        ArrayDeque<Object> st = stash;
        if (st != null && !st.isEmpty()) {
            return taken(st.poll());
        }
        Object m;
        while ((m = poll()) == null) {
            awaitArrival(NO_DEADLINE);
        }
        return taken(m);
    }

    @Override
    public Optional<Object> receive(Duration timeout) {
        return Optional.ofNullable(receiveMatching(null, deadline(timeout)));
    }

    @Override
    public <T> T receive(Class<T> type) {
        return type.cast(receiveMatching(type::isInstance, NO_DEADLINE));
    }

    @Override
    public <T> Optional<T> receive(Class<T> type, Duration timeout) {
        return Optional.ofNullable(type.cast(receiveMatching(type::isInstance, deadline(timeout))));
    }

    @Override
    public Object receive(Predicate<? super Object> matching) {
        return receiveMatching(matching, NO_DEADLINE);
    }

    @Override
    public Optional<Object> receive(Predicate<? super Object> matching, Duration timeout) {
        return Optional.ofNullable(receiveMatching(matching, deadline(timeout)));
    }

    /** The oldest message that {@code matching} accepts (any if null), or null at the deadline. */
    private Object receiveMatching(Predicate<? super Object> matching, long deadline) {
        checkOwner("receive(...)");
        yieldAfterAStreak();
        ArrayDeque<Object> st = stash;
        if (st != null && !st.isEmpty()) {
            for (Iterator<Object> it = st.iterator(); it.hasNext(); ) {
                Object m = it.next();
                if (matching == null || matching.test(m)) {
                    it.remove();
                    return taken(m);
                }
            }
        }
        while (true) {
            Object m;
            while ((m = poll()) != null) {
                if (matching == null) {
                    return taken(m);
                }
                boolean match;
                try {
                    match = matching.test(m);
                } catch (RuntimeException | Error e) {
                    stash().add(m); // a failing predicate must not lose the message
                    throw e;
                }
                if (match) {
                    return taken(m);
                }
                stash().add(m);
            }
            if (!awaitArrival(deadline)) {
                return null;
            }
        }
    }

    /**
     * Parks until a message may have arrived; false once the deadline has passed. The caller polls
     * again either way (a wake means "look", not "here is one").
     */
    private boolean awaitArrival(long deadline) {
        streak = 0;
        Waiter w = Waiter.begin(RECEIVE);
        STATE.setVolatile(this, w); // linearization point: from here a sender that offers will wake us
        Scheduler.Cancellable timer = null;
        if (!queueIsEmpty()) {
            // A message came in before our Waiter was visible to its sender: do not park.
            STATE.compareAndSet(this, w, null);
            w.wake(null); // ends our own wait; a sender's posted wake for it is then stale and dropped
        } else if (deadline != NO_DEADLINE) {
            Scheduler s = owner.scheduler();
            long left = deadline - s.clock().nanoTime();
            if (left <= 0) {
                STATE.compareAndSet(this, w, null);
                w.wake(TIMED_OUT);
            } else {
                timer = s.schedule(Duration.ofNanos(left), () -> {
                    if (STATE.compareAndSet(this, w, null)) {
                        w.wake(TIMED_OUT);
                    }
                });
            }
        }
        try {
            return w.await() != TIMED_OUT;
        } finally {
            if (state == w) {
                STATE.compareAndSet(this, w, null); // interrupted: nobody may wake this wait any more
            }
            if (timer != null) {
                timer.cancel();
            }
        }
    }

    private Object taken(Object m) {
        took();
        streak++;
        return m;
    }

    private void yieldAfterAStreak() {
        if (streak >= STREAK) {
            streak = 0;
            Coro.yieldSlice();
        }
    }

    private ArrayDeque<Object> stash() {
        if (stash == null) {
            stash = new ArrayDeque<>();
        }
        return stash;
    }

    private long deadline(Duration timeout) {
        return owner.scheduler().clock().nanoTime() + nanos(timeout);
    }

    private void checkOwner(String operation) {
        if (Thread.currentThread() != owner.thread()) {
            throw new IllegalStateException(operation + " belongs to " + owner + ", the coro that owns this mailbox; "
                    + "other code sends to it with tell(...) instead");
        }
    }

    @Override
    int stashed() {
        ArrayDeque<Object> st = stash;
        return st == null ? 0 : st.size();
    }

    @Override
    int drainStash() {
        ArrayDeque<Object> st = stash;
        int n = 0;
        if (st != null) {
            Object m;
            while ((m = st.poll()) != null) {
                DeadLetterOffice.post(this, m, Cause.RECIPIENT_DEAD);
                n++;
            }
        }
        return n;
    }

    @Override
    long wakeups() {
        return wakeups;
    }

    @Override
    public String name() {
        String n = owner.name();
        return n != null ? n : "coro-" + owner.id();
    }

    @Override
    public String toString() {
        String n = owner.name();
        return "<actor #" + owner.id() + (n != null ? " " + n : "") + ">";
    }
}
