package io.shrapnel.monitoring;

import io.shrapnel.mailbox.MailboxStats;

/**
 * A row of {@link MailboxesMXBean#getDeepest()}: an actor's {@link MailboxStats} and its rank.
 *
 * @param rank 1 for the deepest mailbox, 2 for the next...
 * @param actor the actor, as its address prints
 * @param alive false once it has exited
 * @param handlerActor true for a handler actor, false for a coro's mailbox
 * @param depth messages waiting
 * @param delivered messages delivered to it ("in")
 * @param received messages it has taken ("out")
 * @param deadLetters messages to it that became dead letters
 * @param capacity its bound, or 0 if unbounded
 * @param waitingSenders senders waiting for room now
 * @param wakeups times a sender had to wake it
 */
@Description("One actor's mailbox")
public record MailboxRow(
        @Description("1 for the deepest mailbox, 2 for the next...") int rank,
        @Description("The actor, as its address prints") String actor,
        @Description("False once it has exited") boolean alive,
        @Description("True for a handler actor, false for a coro's mailbox") boolean handlerActor,
        @Description("Messages waiting (including those passed over by selective receive)") int depth,
        @Description("Messages delivered to it since it was made (in)") long delivered,
        @Description("Messages it has taken (out)") long received,
        @Description("Messages to it that became dead letters") long deadLetters,
        @Description("Its bound, or 0 if unbounded") int capacity,
        @Description("Senders waiting for room now") int waitingSenders,
        @Description("Times a sender had to wake the receiver or give the actor a turn") long wakeups) {

    /** {@code stats} at {@code rank}. */
    public static MailboxRow of(int rank, MailboxStats stats) {
        return new MailboxRow(rank, stats.actor(), stats.alive(), stats.handlerActor(), stats.depth(),
                stats.delivered(), stats.received(), stats.deadLetters(), stats.capacity(),
                stats.waitingSenders(), stats.wakeups());
    }
}
