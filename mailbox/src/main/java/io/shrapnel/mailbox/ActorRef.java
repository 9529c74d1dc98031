package io.shrapnel.mailbox;

import io.shrapnel.mailbox.internal.ReplyRef;
import java.time.Duration;
import java.util.function.Function;

/**
 * The address of an actor's mailbox: of a coro actor (a coro looping on {@link Inbox#receive()}),
 * of a handler actor (a {@link Behavior}), or of any coro (see {@link Actors#refOf}).
 *
 * <pre>{@code
 * ActorRef<Counter.Msg> counter = Actors.spawn("counter", Counter::run);
 * counter.tell(new Counter.Add(5));
 * int n = counter.ask(Counter.Get::new, Duration.ofSeconds(1));
 * }</pre>
 *
 * <p>Messages from one sender arrive in the order it sent them; messages from different senders
 * interleave in some order. A message to an actor that has exited becomes a {@link DeadLetter}.
 *
 * <p>Threading: every method may be called from any thread: a coro on the receiver's loop, a coro on
 * another loop, or a platform thread. {@link #tell} never blocks a caller that is not a coro.
 */
public interface ActorRef<M> {
    /**
     * Sends {@code message}. Unbounded mailboxes always take it. A full bounded mailbox does what it
     * was configured for (see {@link Overflow}): a coro sender parks until there is room, any other
     * sender's message becomes a dead letter.
     */
    void tell(M message);

    /**
     * Sends {@code message} if the mailbox has room now; never waits.
     *
     * @return false if a bounded mailbox is full (the message was not sent and is still yours) or the
     *     actor has exited (the message became a dead letter)
     */
    boolean offer(M message);

    /**
     * Sends {@code message}, waiting up to {@code timeout} for room in a full bounded mailbox: a coro
     * parks, a platform thread blocks.
     *
     * @return false if there was still no room after {@code timeout} (the message is still yours), the
     *     actor has exited (the message became a dead letter), or the waiting platform thread was
     *     interrupted (its interrupt flag is set again)
     */
    boolean offer(M message, Duration timeout);

    /**
     * Request and reply: builds the request with a temporary reply address, sends it, and waits for
     * the first reply (a coro parks; a platform thread blocks).
     *
     * <pre>{@code
     * int n = counter.ask(replyTo -> new Get(replyTo), Duration.ofSeconds(1));
     * }</pre>
     *
     * @throws AskTimeoutException if no reply came within {@code timeout}; it names this actor and
     *     the request. A reply that comes later becomes a dead letter.
     */
    default <R> R ask(Function<? super ActorRef<R>, ? extends M> request, Duration timeout) {
        return ReplyRef.ask(this, request, timeout);
    }

    /** The actor's name (its coro's name, or the name it was spawned with), for messages and logs. */
    String name();

    /** False once the actor has exited. From other threads the answer may be slightly late. */
    boolean isAlive();
}
