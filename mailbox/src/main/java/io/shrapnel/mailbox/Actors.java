package io.shrapnel.mailbox;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.Scheduler;
import io.shrapnel.kernel.Shutdown;
import io.shrapnel.mailbox.internal.CoroMailbox;
import io.shrapnel.mailbox.internal.HandlerActor;
import io.shrapnel.mailbox.internal.LoopActors;
import io.shrapnel.mailbox.internal.Mailbox;
import java.util.List;

/**
 * The module-level verbs of the actor layer.
 *
 * <pre>{@code
 * ActorRef<Msg> counter = Actors.spawn("counter", inbox -> { ... inbox.receive() ... });   // coro actor
 * ActorRef<Msg> fast = Actors.spawnHandler("fast", Behaviors.setup(ctx -> msg -> ...));   // handler actor
 * ActorRef<Object> me = Actors.self();                                                     // any coro
 * }</pre>
 *
 * <p>Two kinds of actors share mailboxes, addresses, monitors, links and supervisors. A coro actor
 * is a coro whose body loops on {@link Inbox#receive()}: straight-line code and selective receive,
 * one coro switch per message it waits for. A handler actor is a {@link Behavior} whose handlers run
 * inline on its loop's dispatcher coro: no switch per message, and a handler that blocks is finished
 * on its own coro while the others carry on. Every coro also has a mailbox of its own, made on first
 * use ({@link #inbox()}, {@link #refOf}).
 *
 * <p>Threading: spawning, {@link #refOf}, {@link #stop} and statistics: any thread.
 * {@link #inbox()} and {@link #self()}: inside a coro.
 */
public final class Actors {
    private Actors() {}

    /** Spawns a coro actor on the current loop (or the default loop outside coros), with an unbounded mailbox. */
    public static <M> ActorRef<M> spawn(String name, CoroActor<M> body) {
        return named(name).spawn(body);
    }

    /** Spawns a handler actor on the current loop (or the default loop outside coros), with an unbounded mailbox. */
    public static <M> ActorRef<M> spawnHandler(String name, Behavior<M> behavior) {
        return named(name).spawnHandler(behavior);
    }

    /** Options for spawning: loop and mailbox. */
    public static ActorBuilder named(String name) {
        return new ActorBuilder(name);
    }

    /**
     * The current coro's inbox (its mailbox, made on first use). The message type is the caller's
     * word; a coro that receives several kinds declares {@code Inbox<Object>}.
     *
     * @throws IllegalStateException outside a coro, or inside a handler actor (handlers get their
     *     messages as arguments)
     */
    @SuppressWarnings("unchecked")
    public static <M> Inbox<M> inbox() {
        Coro c = Coro.current();
        if (c == null) {
            throw new IllegalStateException("Actors.inbox() must be called inside a coro; from "
                    + Thread.currentThread() + ", spawn an actor (Actors.spawn) and talk to it with tell/ask");
        }
        if (HandlerActor.runningOn(c) != null) {
            throw new IllegalStateException("Actors.inbox() inside a handler actor: handlers get their messages as "
                    + "arguments; use the ActorContext from Behaviors.setup for self, monitors and links");
        }
        return (Inbox<M>) (Inbox<?>) CoroMailbox.of(c);
    }

    /** The current actor's address: the handler actor whose handler is running, else the current coro's. */
    @SuppressWarnings("unchecked")
    public static <M> ActorRef<M> self() {
        Coro c = Coro.current();
        if (c == null) {
            throw new IllegalStateException("Actors.self() must be called inside a coro or a handler; from "
                    + Thread.currentThread() + " there is no current actor");
        }
        HandlerActor h = HandlerActor.runningOn(c);
        return (ActorRef<M>) (ActorRef<?>) (h != null ? h : CoroMailbox.of(c));
    }

    /** The address of {@code coro}'s mailbox (made on first use; a dead coro's makes dead letters). Any thread. */
    @SuppressWarnings("unchecked")
    public static <M> ActorRef<M> refOf(Coro coro) {
        return (ActorRef<M>) (ActorRef<?>) CoroMailbox.of(coro);
    }

    /**
     * Stops {@code actor}: raises {@link Shutdown} into a coro actor, or ends a handler actor before its
     * next message (unblocking its handler if it is blocked). Its remaining messages become dead
     * letters; monitors see the reason {@code Shutdown}. Any thread.
     */
    public static void stop(ActorRef<?> actor) {
        Mailbox.local(actor, "stop").stop(new Shutdown());
    }

    /** Counters of one actor's mailbox. */
    public static MailboxStats stats(ActorRef<?> actor) {
        return Mailbox.local(actor, "read the statistics of").stats();
    }

    /** Counters of the actors of one loop. */
    public static LoopStats stats(Scheduler loop) {
        return LoopActors.of(loop).stats();
    }

    /** Counters of every live mailbox of one loop (coros' and handler actors'). */
    public static List<MailboxStats> mailboxes(Scheduler loop) {
        LoopActors l = LoopActors.find(loop);
        return l == null ? List.of() : l.mailboxStats();
    }
}
