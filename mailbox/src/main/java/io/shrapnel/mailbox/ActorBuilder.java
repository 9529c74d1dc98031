package io.shrapnel.mailbox;

import io.shrapnel.kernel.Scheduler;
import io.shrapnel.mailbox.internal.CoroMailbox;
import io.shrapnel.mailbox.internal.HandlerActor;
import java.util.Objects;

/**
 * Where and with which mailbox to spawn an actor: {@code Actors.named("cache").on(loop).bounded(1000).spawn(...)}.
 * Defaults: the current coro's loop (or the default loop), an unbounded mailbox.
 *
 * <p>Threading: a builder belongs to the code that made it; spawning is safe from any thread.
 */
public final class ActorBuilder {
    private final String name;
    private Scheduler loop;
    private MailboxConfig mailbox = MailboxConfig.unbounded();

    ActorBuilder(String name) {
        this.name = name;
    }

    /** Spawns on {@code loop} instead of the current one. */
    public ActorBuilder on(Scheduler loop) {
        this.loop = Objects.requireNonNull(loop, "loop");
        return this;
    }

    public ActorBuilder mailbox(MailboxConfig config) {
        this.mailbox = Objects.requireNonNull(config, "config");
        return this;
    }

    /** A bounded mailbox whose coro senders park when it is full ({@link Overflow#PARK_SENDER}). */
    public ActorBuilder bounded(int capacity) {
        return mailbox(MailboxConfig.bounded(capacity));
    }

    /** Spawns a coro actor: a coro running {@code body} over its inbox. */
    @SuppressWarnings("unchecked")
    public <M> ActorRef<M> spawn(CoroActor<M> body) {
        Objects.requireNonNull(body, "body");
        return (ActorRef<M>) (ActorRef<?>) CoroMailbox.spawn(loop(), name, mailbox, body);
    }

    /** Spawns a handler actor: {@code behavior} handles its messages on the loop's dispatcher. */
    @SuppressWarnings("unchecked")
    public <M> ActorRef<M> spawnHandler(Behavior<M> behavior) {
        Objects.requireNonNull(behavior, "behavior");
        if (behavior == Behaviors.same() || behavior == Behaviors.stopped()) {
            throw new IllegalArgumentException(behavior + " is a handler's result, not a behaviour to spawn");
        }
        return (ActorRef<M>) (ActorRef<?>) HandlerActor.spawn(loop(), name, mailbox, behavior);
    }

    private Scheduler loop() {
        return loop != null ? loop : Scheduler.current();
    }
}
