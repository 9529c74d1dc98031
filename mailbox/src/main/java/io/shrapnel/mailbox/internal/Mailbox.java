package io.shrapnel.mailbox.internal;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.mailbox.ActorContext;
import io.shrapnel.mailbox.ActorRef;
import io.shrapnel.mailbox.DeadLetter.Cause;
import io.shrapnel.mailbox.Down;
import io.shrapnel.mailbox.Exit;
import io.shrapnel.mailbox.MailboxConfig;
import io.shrapnel.mailbox.MailboxStats;
import io.shrapnel.mailbox.Monitor;
import io.shrapnel.mailbox.Overflow;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.atomic.MpscAtomicArrayQueue;
import org.jctools.queues.atomic.MpscLinkedAtomicQueue;

/**
 * An actor's mailbox and address: a JCTools MPSC queue that any thread may offer to and only the
 * receiver polls, plus what the actor is to others (monitors, links, registered name).
 *
 * <p>Two kinds of receiver: {@link CoroMailbox} (a coro that parks in {@code receive()}) and
 * {@link HandlerActor} (behaviours run by the loop's dispatcher). Each keeps one volatile word that
 * says whether the receiver needs to be told of a new message (parked / idle) or is gone (closed);
 * a sender first offers, then reads that word ({@link #afterOffer}), and the receiver first writes
 * it, then looks at the queue again. Both orders are volatile (the offer is a CAS on the producer
 * index), so either the sender sees the receiver waiting, or the receiver sees the message: no
 * lost wakeup, and only the one sender whose CAS takes the word away wakes the receiver.
 *
 * <p>The queue is created on the first message: JCTools queues are padded against false sharing
 * (an empty one is 400 to 700 bytes), which an actor that was never sent anything should not pay
 * for. Unbounded mailboxes use {@link MpscLinkedAtomicQueue}: measured here it is the smaller one
 * (about 420 bytes empty, against 680 for {@code MpscUnboundedAtomicArrayQueue} with 16-slot chunks)
 * and the faster one for a producer and consumer on one loop (6 against 10 ns per message, thread
 * CPU time), at the price of a 24-byte node per message in flight. Bounded ones use
 * {@link MpscAtomicArrayQueue}. Both are JCTools' {@code atomic} variants: no {@code sun.misc.Unsafe}.
 *
 * <p>Closing (when the actor exits) is the same protocol: the receiver's loop writes "closed",
 * then drains the queue into dead letters; a sender that offered and then reads "closed" drains too.
 * Draining happens under this object's lock, so each message is polled by exactly one thread and
 * counted once.
 *
 * <p>Threading: sending, monitors, links and statistics: any thread. Polling: the receiver only
 * (its coro, or the dispatcher running its handler), or under the lock once closed.
 * {@link #received} belongs to the receiver's loop. {@link Relations} and the exit state are
 * guarded by this object's lock.
 */
public abstract class Mailbox implements ActorRef<Object>, ActorContext<Object> {
    static final int ENQUEUED = 1;
    static final int FULL = 0;
    static final int CLOSED = -1;
    private static final AtomicLong IDS = new AtomicLong();
    /**
     * Slots a bounded queue has beyond its capacity, for Down/Exit messages, which never wait:
     * user messages fill up to the capacity only ({@code offerIfBelowThreshold}).
     */
    private static final int SIGNAL_ROOM = 16;
    static final Object TIMED_OUT = new Object() {
        @Override
        public String toString() {
            return "timed out";
        }
    };
    private static final VarHandle QUEUE;
    private static final VarHandle DEAD_LETTERS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            QUEUE = l.findVarHandle(Mailbox.class, "queue", MessagePassingQueue.class);
            DEAD_LETTERS = l.findVarHandle(Mailbox.class, "deadLetters", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final long id;
    final LoopActors loop;
    private final int capacity;
    private final Overflow overflow;
    /** Senders waiting for room (bounded mailboxes only, else null). */
    private final RoomWaits room;
    private volatile MessagePassingQueue<Object> queue;
    /** Messages the receiver has taken. Receiver's loop only; read racily by statistics. */
    long received;
    private volatile long deadLetters;

    // ---- guarded by this (ExitSignals and Names use them under this lock) ----
    Relations relations;
    boolean dead;
    Throwable exitReason;

    Mailbox(LoopActors loop, MailboxConfig config) {
        this.id = IDS.incrementAndGet();
        this.loop = loop;
        this.capacity = config.capacity();
        this.overflow = config.overflow();
        this.room = config.isBounded() ? new RoomWaits(this) : null;
        loop.opened();
    }

    // =====================================================================================
    // What the two kinds of receivers define
    // =====================================================================================

    /** A message was just enqueued: wake or schedule the receiver if it needs it; drain if closed. */
    abstract void afterOffer();

    /** True once the receiver's word says closed (volatile). */
    abstract boolean isClosed();

    /** Writes "closed" into the receiver's word: the point after which senders drain what they offer. */
    abstract void markClosed();

    /** Ends the actor with {@code reason} (an exit signal from a link, or a stop). Any thread. */
    abstract void kill(Throwable reason);

    /** True if the calling code is this mailbox's own receiver (it must not wait for itself). */
    abstract boolean receiverIsCaller();

    /** Messages held by the receiver outside the queue (passed over by selective receive). */
    int stashed() {
        return 0;
    }

    /** Moves messages held outside the queue to dead letters (on close, on the receiver's loop); how many. */
    int drainStash() {
        return 0;
    }

    // =====================================================================================
    // Sending (any thread)
    // =====================================================================================

    @Override
    public final void tell(Object message) {
        Objects.requireNonNull(message, "message");
        if (capacity == 0) {
            MessagePassingQueue<Object> q = queue;
            if (q == null && (q = createQueue()) == null) {
                DeadLetterOffice.post(this, message, Cause.RECIPIENT_DEAD);
                return;
            }
            q.offer(message); // linearization point of the send: the CAS on the producer index
            afterOffer();
            return;
        }
        if (offerOnce(message) != FULL) {
            return;
        }
        if (overflow == Overflow.PARK_SENDER && Coro.current() != null) {
            room.awaitInCoro(message, Long.MAX_VALUE);
        } else {
            DeadLetterOffice.post(this, message, Cause.MAILBOX_FULL);
        }
    }

    @Override
    public final boolean offer(Object message) {
        Objects.requireNonNull(message, "message");
        return offerOnce(message) == ENQUEUED;
    }

    @Override
    public final boolean offer(Object message, Duration timeout) {
        Objects.requireNonNull(message, "message");
        int r = offerOnce(message);
        if (r != FULL) {
            return r == ENQUEUED;
        }
        Coro c = Coro.current();
        if (c != null) {
            return room.awaitInCoro(message, c.scheduler().clock().nanoTime() + nanos(timeout)) == ENQUEUED;
        }
        return room.awaitInThread(message, System.nanoTime() + nanos(timeout)) == ENQUEUED;
    }

    /** One attempt: ENQUEUED, FULL (bounded, nothing done), or CLOSED (it became a dead letter). */
    final int offerOnce(Object message) {
        MessagePassingQueue<Object> q = queue;
        if (isClosed() || (q == null && (q = createQueue()) == null)) {
            DeadLetterOffice.post(this, message, Cause.RECIPIENT_DEAD);
            return CLOSED;
        }
        boolean ok = capacity == 0 ? q.offer(message)
                : ((MpscAtomicArrayQueue<Object>) q).offerIfBelowThreshold(message, capacity);
        if (!ok) {
            return FULL;
        }
        afterOffer();
        return ENQUEUED;
    }

    /** For Down/Exit messages and dead-letter notices: never waits, never makes a dead letter. */
    final boolean offerSystem(Object message) {
        MessagePassingQueue<Object> q = queue;
        if (isClosed() || (q == null && (q = createQueue()) == null) || !q.offer(message)) {
            return false;
        }
        afterOffer();
        return true;
    }

    /** Delivers a Down or Exit message; one that finds no room or no actor becomes a dead letter. */
    final void deliverSignal(Object message) {
        if (!offerSystem(message)) {
            DeadLetterOffice.post(this, message, isClosed() ? Cause.RECIPIENT_DEAD : Cause.MAILBOX_FULL);
        }
    }

    private MessagePassingQueue<Object> createQueue() {
        if (isClosed()) {
            return null;
        }
        MessagePassingQueue<Object> q = capacity == 0 ? new MpscLinkedAtomicQueue<>()
                : new MpscAtomicArrayQueue<>(capacity + SIGNAL_ROOM);
        @SuppressWarnings("unchecked")
        MessagePassingQueue<Object> earlier = (MessagePassingQueue<Object>) QUEUE.compareAndExchange(this, null, q);
        return earlier == null ? q : earlier;
    }

    // =====================================================================================
    // Receiving (the receiver only)
    // =====================================================================================

    /** The oldest message in the queue, or null. Receiver only. */
    final Object poll() {
        MessagePassingQueue<Object> q = queue;
        if (q == null) {
            return null;
        }
        Object m = q.relaxedPoll();
        if (m != null && room != null) {
            room.notifyRoom();
        }
        return m;
    }

    /** True if no message is in the queue or being put there (volatile reads of both indexes). */
    final boolean queueIsEmpty() {
        MessagePassingQueue<Object> q = queue;
        return q == null || q.isEmpty();
    }

    /** Counts a message taken by the receiver. Receiver's loop only. */
    final void took() {
        received++;
        loop.received++;
    }

    // =====================================================================================
    // Closing (once, when the actor exits)
    // =====================================================================================

    /**
     * Closes the mailbox for good: messages waiting and arriving later become dead letters, waiting
     * senders are released, the name is unregistered, watchers get their Down, links their exit.
     * On the receiver's loop, except for a mailbox made for a coro that had already exited.
     */
    final void close(Throwable reason) {
        markClosed();
        Relations r;
        synchronized (this) {
            if (dead) {
                return;
            }
            dead = true;
            exitReason = reason;
            r = relations;
            relations = null;
        }
        drainStash();
        drainClosed();
        if (room != null) {
            room.releaseAll(); // each offers again, finds the mailbox closed, and makes a dead letter
        }
        loop.closed(received);
        if (r != null) {
            ExitSignals.exited(this, r, reason);
        }
    }

    /** Moves what is in the queue of a closed mailbox to dead letters; how many. Any thread. */
    final int drainClosed() {
        MessagePassingQueue<Object> q = queue;
        if (q == null) {
            return 0;
        }
        List<Object> dropped = null;
        synchronized (this) {
            Object m;
            while ((m = q.poll()) != null) {
                if (dropped == null) {
                    dropped = new ArrayList<>();
                }
                dropped.add(m);
            }
        }
        if (dropped == null) {
            return 0;
        }
        for (Object m : dropped) {
            DeadLetterOffice.post(this, m, Cause.RECIPIENT_DEAD);
        }
        return dropped.size();
    }

    // =====================================================================================
    // Monitors, links, exits, names (any thread; guarded by this)
    // =====================================================================================

    @Override
    public final Monitor monitor(ActorRef<?> target, Function<? super Down, ?> onDown) {
        return ExitSignals.monitor(this, local(target, "monitor"), onDown);
    }

    @Override
    public final void link(ActorRef<?> other) {
        ExitSignals.link(this, local(other, "link"));
    }

    @Override
    public final void unlink(ActorRef<?> other) {
        ExitSignals.unlink(this, local(other, "unlink"));
    }

    @Override
    public final void trapExits(Function<? super Exit, ?> onExit) {
        ExitSignals.trap(this, onExit);
    }

    /** This actor's relations, made on first use. Under this lock. */
    final Relations relations() {
        assert Thread.holdsLock(this);
        if (relations == null) {
            relations = new Relations();
        }
        return relations;
    }

    /** Stops the actor with {@code reason} (a {@code Shutdown}). Any thread. */
    public final void stop(Throwable reason) {
        kill(reason);
    }

    public static Mailbox local(ActorRef<?> ref, String operation) {
        if (ref instanceof Mailbox m) {
            return m;
        }
        throw new IllegalArgumentException("cannot " + operation + " " + ref + ": only actors of this process "
                + "(spawned with Actors, or coros' own mailboxes) have monitors and links");
    }

    // =====================================================================================
    // ActorContext, ActorRef
    // =====================================================================================

    @Override
    public final ActorRef<Object> self() {
        return this;
    }

    @Override
    public final Scheduler loop() {
        return loop.scheduler;
    }

    @Override
    public final Scheduler.Cancellable scheduleOnce(Duration delay, Object message) {
        Objects.requireNonNull(message, "message");
        Scheduler s = loop.scheduler;
        if (!s.inLoop()) {
            throw new IllegalStateException("scheduleOnce must be called on " + this + "'s loop " + s.name()
                    + " (from the actor itself); from elsewhere, tell it a message that asks for the timer");
        }
        return s.schedule(delay, () -> tell(message));
    }

    @Override
    public boolean isAlive() {
        return !isClosed();
    }

    final void countDeadLetter() {
        DEAD_LETTERS.getAndAdd(this, 1L);
        loop.deadLetter();
    }

    /**
     * Messages delivered to the mailbox: taken or still waiting (a linked queue keeps no producer
     * count, and counting on the send path would cost every sender an atomic add).
     */
    final long inCount() {
        return received + depth();
    }

    /** Messages waiting: in the queue and held aside by selective receive. Racy from other threads. */
    public final int depth() {
        MessagePassingQueue<Object> q = queue;
        return (q == null ? 0 : q.size()) + stashed();
    }

    public final MailboxStats stats() {
        return new MailboxStats(toString(), isAlive(), this instanceof HandlerActor, depth(), inCount(), received,
                deadLetters, capacity, room == null ? 0 : room.waiting(), wakeups());
    }

    /** See {@link MailboxStats#wakeups()}. */
    abstract long wakeups();

    /** {@code d} in nanoseconds; negative counts as zero, and more than a century as a century. */
    static long nanos(Duration d) {
        return d.isNegative() ? 0 : Math.min(d.getSeconds(), 1L << 32) * 1_000_000_000L + d.getNano();
    }
}
