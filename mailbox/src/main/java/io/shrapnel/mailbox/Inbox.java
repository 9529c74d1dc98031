package io.shrapnel.mailbox;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The receiving side of a coro's mailbox: what a coro actor loops over.
 *
 * <pre>{@code
 * Actors.spawn("counter", (Inbox<Msg> inbox) -> {
 *     int n = 0;
 *     while (true) {
 *         switch (inbox.receive()) {
 *             case Add a -> n += a.amount();
 *             case Get g -> g.replyTo().tell(n);
 *         }
 *     }
 * });
 * }</pre>
 *
 * <p>Selective receive ({@link #receive(Class)}, {@link #receive(Predicate)}) takes the oldest
 * message that matches and leaves the others where they were, in their order: the next plain
 * {@code receive()} returns the oldest of them.
 *
 * <p>Threading: the receive methods belong to the coro that owns the mailbox (they park it); calling
 * them from anywhere else is an error. The {@link ActorContext} methods are safe anywhere.
 */
public interface Inbox<M> extends ActorContext<M> {
    /** The oldest message; parks until one arrives. */
    M receive();

    /** The oldest message, or empty if none arrived within {@code timeout} (the loop's clock). */
    Optional<M> receive(Duration timeout);

    /** The oldest message of {@code type}; the others stay in the mailbox, in order. Parks until one arrives. */
    <T extends M> T receive(Class<T> type);

    <T extends M> Optional<T> receive(Class<T> type, Duration timeout);

    /** The oldest message that {@code matching} accepts; the others stay in order. Parks until one arrives. */
    M receive(Predicate<? super M> matching);

    Optional<M> receive(Predicate<? super M> matching, Duration timeout);

    /** How many messages wait (including those that selective receives passed over). */
    int depth();
}
