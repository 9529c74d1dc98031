package io.shrapnel.mailbox;

/**
 * A message that could not be delivered. Counted and published by {@link DeadLetters}.
 *
 * @param recipient the actor it was sent to
 * @param message the message itself
 * @param cause why it was not delivered
 */
public record DeadLetter(ActorRef<?> recipient, Object message, Cause cause) {
    /** Why a message was not delivered. */
    public enum Cause {
        /** The actor had exited (or exited before taking it from its mailbox). */
        RECIPIENT_DEAD,
        /** A bounded mailbox was full and the sender did not wait (see {@link Overflow}). */
        MAILBOX_FULL,
        /** A reply to an {@link ActorRef#ask ask} that had already timed out, or a second reply. */
        LATE_REPLY
    }

    @Override
    public String toString() {
        return "DeadLetter[" + cause + " to " + recipient + ": " + message + "]";
    }
}
