package io.shrapnel.mailbox;

/**
 * Counters of the actors of one loop, for monitoring (read racily from other threads).
 *
 * @param loop the loop's name
 * @param coroActors live coros of the loop that have a mailbox
 * @param handlerActors live handler actors of the loop
 * @param busyHandlers handler actors whose handler is blocked now (each finishing on its own coro)
 * @param depth messages waiting in the live mailboxes of the loop
 * @param delivered messages delivered to actors of the loop ("in"): taken, or waiting in live mailboxes
 * @param received messages taken by the loop's actors ("out")
 * @param deadLetters messages to actors of the loop that became dead letters
 * @param openMailboxes mailboxes made and not yet closed
 * @param dispatchersStarted dispatcher coros started (one per busy period, plus one per blocked handler)
 * @param handlersDetached handlers that blocked and were finished on their own coro
 */
public record LoopStats(String loop, int coroActors, int handlerActors, int busyHandlers, long depth,
                        long delivered, long received, long deadLetters, long openMailboxes,
                        long dispatchersStarted, long handlersDetached) {}
