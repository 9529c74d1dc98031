package io.shrapnel.mailbox;

/**
 * A linked actor has exited, delivered as a message to an actor that traps exits
 * ({@link ActorContext#trapExits}). Actors that do not trap exits are not told: they exit too (with
 * {@link ActorExit}) unless the linked actor exited normally.
 *
 * @param from the linked actor that exited
 * @param reason null for a normal exit, else the exception that ended it
 */
public record Exit(ActorRef<?> from, Throwable reason) {
    public boolean isNormal() {
        return reason == null;
    }

    @Override
    public String toString() {
        return "Exit[" + from + (reason == null ? " normal" : " " + reason) + "]";
    }
}
