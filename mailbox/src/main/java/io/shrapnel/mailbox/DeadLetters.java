package io.shrapnel.mailbox;

import io.shrapnel.mailbox.internal.DeadLetterOffice;

/**
 * Messages that could not be delivered: counted, and published as {@link DeadLetter} messages to
 * subscribed actors. Per-actor and per-loop counts are in {@link Actors#stats}.
 *
 * <pre>{@code
 * DeadLetters.subscribe(Actors.spawn("dead-letter-log", (Inbox<DeadLetter> in) -> {
 *     while (true) System.err.println(in.receive());
 * }));
 * }</pre>
 *
 * <p>Threading: any thread.
 */
public final class DeadLetters {
    private DeadLetters() {}

    /** Dead letters since the process started. */
    public static long count() {
        return DeadLetterOffice.count();
    }

    /**
     * Sends every future dead letter to {@code subscriber} (never waiting: a full subscriber misses
     * some). A subscriber that exits is dropped.
     */
    public static void subscribe(ActorRef<? super DeadLetter> subscriber) {
        DeadLetterOffice.subscribe(subscriber);
    }

    public static boolean unsubscribe(ActorRef<? super DeadLetter> subscriber) {
        return DeadLetterOffice.unsubscribe(subscriber);
    }
}
