package io.shrapnel.mailbox;

/**
 * What a bounded mailbox does with a {@link ActorRef#tell tell} when it is full. Whatever the policy,
 * {@link ActorRef#offer(Object)} returns false at once and {@link ActorRef#offer(Object, java.time.Duration)}
 * waits for room up to its timeout.
 */
public enum Overflow {
    /**
     * Back-pressure: a coro sender parks until the receiver has taken a message (cooperative: the
     * rest of its loop runs meanwhile). A sender that is not a coro is never blocked by {@code tell}:
     * its message becomes a dead letter (use {@code offer} to find out, or to wait, instead).
     */
    PARK_SENDER,
    /** Nobody waits: the message becomes a dead letter ({@link DeadLetter.Cause#MAILBOX_FULL}). */
    DEAD_LETTER
}
