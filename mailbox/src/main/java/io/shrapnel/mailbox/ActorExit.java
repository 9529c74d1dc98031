package io.shrapnel.mailbox;

import io.shrapnel.kernel.Interrupted;

/**
 * Thrown into an actor when an actor it is linked to exits abnormally and it does not trap exits:
 * linked actors die together. Part of the cancellation family (an {@link Error}): it unwinds
 * through {@code catch (Exception e)}.
 */
public final class ActorExit extends Interrupted {
    private final transient ActorRef<?> from;
    private final transient Throwable linkedReason;

    public ActorExit(ActorRef<?> from, Throwable linkedReason) {
        super(linkedReason, "linked actor " + from + " exited: " + linkedReason);
        this.from = from;
        this.linkedReason = linkedReason;
    }

    /** The linked actor whose exit took this one down. */
    public ActorRef<?> from() {
        return from;
    }

    /** Why the linked actor exited. */
    public Throwable linkedReason() {
        return linkedReason;
    }
}
