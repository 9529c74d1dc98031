package io.shrapnel.mailbox;

/**
 * Counters of one actor's mailbox, for monitoring (read racily from other threads).
 *
 * @param actor the actor, as its address prints
 * @param alive false once it has exited
 * @param handlerActor true for a handler actor, false for a coro's mailbox
 * @param depth messages waiting (including those passed over by selective receive)
 * @param delivered messages delivered to the actor since it was made ("in"): taken or still waiting
 *     (what was waiting when it exited became dead letters)
 * @param received messages the actor has taken ("out")
 * @param deadLetters messages to it that became dead letters (it had exited, or it was full)
 * @param capacity its bound, or 0 if unbounded
 * @param waitingSenders senders parked or blocked for room now
 * @param wakeups times a sender had to wake the parked receiver (coro) or give the actor a turn
 *     (handler actor); far fewer than {@code delivered} while messages stream in
 */
public record MailboxStats(String actor, boolean alive, boolean handlerActor, int depth, long delivered,
                           long received, long deadLetters, int capacity, int waitingSenders, long wakeups) {}
