package io.shrapnel.mailbox.internal;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.internal.Kernel;
import io.shrapnel.mailbox.LoopStats;
import io.shrapnel.mailbox.MailboxStats;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jctools.queues.atomic.MpscUnboundedAtomicArrayQueue;

/**
 * The actor side of one loop: the ready queue of its handler actors, its dispatcher coro, its list
 * of handler actors, and its counters.
 *
 * <h2>The dispatcher word ({@code dispatching})</h2>
 * 0 means no active dispatcher coro: whoever makes an actor ready and CASes it to 1 starts one.
 * 1 means one runs (or was started) and will look at both ready queues before it exits. A
 * dispatcher about to exit writes 0 (volatile: the linearization point of "no dispatcher"), then
 * looks at the queues once more. A detached dispatcher (blocked in a handler) is no longer the
 * active one: the loop starts a fresh one and the word stays 1.
 *
 * <p>Threading: {@code ready}, the actor list and the plain counters belong to the loop thread.
 * Other threads put ready actors on {@code remote} (a JCTools MPSC queue) and read the counters racily.
 */
public final class LoopActors {
    private static final ConcurrentHashMap<Scheduler, LoopActors> LOOPS = new ConcurrentHashMap<>();
    private static final VarHandle DISPATCHING;

    static {
        try {
            DISPATCHING = MethodHandles.lookup().findVarHandle(LoopActors.class, "dispatching", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Scheduler scheduler;

    // ---- loop-confined ----
    private final ArrayDeque<HandlerActor> ready = new ArrayDeque<>(64);
    private int ticks;
    private HandlerActor listHead;
    private int handlerActors;
    private int busy;
    /** Messages taken by receivers of this loop (coro actors and handlers). */
    long received;
    private long dispatchersStarted;
    private long detaches;

    // ---- shared ----
    private final MpscUnboundedAtomicArrayQueue<HandlerActor> remote = new MpscUnboundedAtomicArrayQueue<>(256);
    private volatile int dispatching;
    private final LongAdder mailboxesOpened = new LongAdder();
    private final LongAdder mailboxesClosed = new LongAdder();
    /** Messages the actors of closed mailboxes had taken. */
    private final LongAdder receivedByClosed = new LongAdder();
    private final LongAdder deadLetters = new LongAdder();

    private LoopActors(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** The actor side of {@code scheduler}, made on first use. Any thread. */
    public static LoopActors of(Scheduler scheduler) {
        LoopActors l = LOOPS.get(scheduler);
        if (l == null) {
            LOOPS.keySet().retainAll(Scheduler.all()); // forget closed loops
            l = LOOPS.computeIfAbsent(scheduler, LoopActors::new);
        }
        return l;
    }

    /** The actor side of {@code scheduler} if it has one. Any thread. */
    public static LoopActors find(Scheduler scheduler) {
        return LOOPS.get(scheduler);
    }

    // =====================================================================================
    // Dispatching handler actors
    // =====================================================================================

    /** Puts an actor whose turn its caller holds (status SCHEDULED) on the ready queue. Any thread. */
    void schedule(HandlerActor a) {
        if (scheduler.inLoop()) {
            ready.add(a);
        } else {
            remote.offer(a);
        }
        if (dispatching == 0 && DISPATCHING.compareAndSet(this, 0, 1)) {
            startDispatcher();
        }
    }

    private void startDispatcher() {
        Dispatcher d = new Dispatcher(this);
        Coro c = Coro.create(scheduler, "dispatcher", d);
        Kernel.attachExtension(c, d);
        c.start(); // from another thread this is one post to the loop
    }

    /** The next actor to run, or null. Dispatcher only. */
    HandlerActor nextReady() {
        if ((++ticks & 31) == 0 || ready.isEmpty()) {
            takeRemote(); // now and then even when local work never runs out, so remote senders are served
        }
        return ready.poll();
    }

    private void takeRemote() {
        HandlerActor a;
        int n = 0;
        while (n++ < 1024 && (a = remote.relaxedPoll()) != null) {
            ready.add(a);
        }
    }

    /** The active dispatcher found nothing to do; true if it may exit. Dispatcher only. */
    boolean retire() {
        DISPATCHING.setVolatile(this, 0); // linearization point: from here, making an actor ready starts a dispatcher
        if (ready.isEmpty() && remote.isEmpty()) {
            return true;
        }
        return !DISPATCHING.compareAndSet(this, 0, 1); // more came in: carry on, unless a new one was started
    }

    /** The active dispatcher was suspended in a handler (kernel hook, loop thread). */
    void detached() {
        busy++;
        detaches++;
        startDispatcher(); // the word stays 1: the fresh one is the active dispatcher now
    }

    /** A detached dispatcher finished its blocked actor's turn. Loop only. */
    void busyDone(HandlerActor a) {
        a.busyOn = null;
        busy--;
    }

    /** The active dispatcher died between turns (it was shut down). Loop only. */
    void dispatcherLost() {
        DISPATCHING.setVolatile(this, 0);
    }

    void dispatcherStarted() {
        dispatchersStarted++;
    }

    // =====================================================================================
    // The list of handler actors (for statistics and listings)
    // =====================================================================================

    void list(HandlerActor a) {
        scheduler.execute(() -> {
            if (a.isClosed() || a.listed) {
                return;
            }
            a.listed = true;
            a.nextOnLoop = listHead;
            if (listHead != null) {
                listHead.prevOnLoop = a;
            }
            listHead = a;
            handlerActors++;
        });
    }

    void unlist(HandlerActor a) {
        if (!a.listed) {
            return;
        }
        a.listed = false;
        if (a.prevOnLoop == null) {
            listHead = a.nextOnLoop;
        } else {
            a.prevOnLoop.nextOnLoop = a.nextOnLoop;
        }
        if (a.nextOnLoop != null) {
            a.nextOnLoop.prevOnLoop = a.prevOnLoop;
        }
        // nextOnLoop is kept so that a reader on another thread walking past a can carry on.
        a.prevOnLoop = null;
        handlerActors--;
    }

    // =====================================================================================
    // Statistics
    // =====================================================================================

    void opened() {
        mailboxesOpened.increment();
    }

    void closed(long received) {
        mailboxesClosed.increment();
        receivedByClosed.add(received);
    }

    void deadLetter() {
        deadLetters.increment();
    }

    /** The live mailboxes of this loop: coros' and handler actors'. Racy from other threads. */
    public List<Mailbox> mailboxes() {
        List<Mailbox> out = new ArrayList<>();
        for (Coro c : scheduler.coros()) {
            if (Kernel.extension(c) instanceof CoroMailbox m && m.isAlive()) {
                out.add(m);
            }
        }
        for (HandlerActor a = listHead; a != null; a = a.nextOnLoop) {
            if (a.listed) {
                out.add(a);
            }
        }
        return out;
    }

    public List<MailboxStats> mailboxStats() {
        List<MailboxStats> out = new ArrayList<>();
        for (Mailbox m : mailboxes()) {
            out.add(m.stats());
        }
        return out;
    }

    public LoopStats stats() {
        long depth = 0;
        long in = receivedByClosed.sum();
        int coroActors = 0;
        for (Mailbox m : mailboxes()) {
            depth += m.depth();
            in += m.inCount();
            if (m instanceof CoroMailbox) {
                coroActors++;
            }
        }
        return new LoopStats(scheduler.name(), coroActors, handlerActors, busy, depth, in, received,
                deadLetters.sum(), mailboxesOpened.sum() - mailboxesClosed.sum(), dispatchersStarted, detaches);
    }
}
