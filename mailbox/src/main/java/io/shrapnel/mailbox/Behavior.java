package io.shrapnel.mailbox;

/**
 * A handler actor's behaviour: handles one message and says how to handle the next. Handlers run
 * one after another on their loop's dispatcher coro, with no coro switch per message.
 *
 * <pre>{@code
 * Behavior<Msg> counter(int n) {
 *     return msg -> switch (msg) {
 *         case Add a -> counter(n + a.amount());
 *         case Get g -> { g.replyTo().tell(n); yield Behaviors.same(); }
 *     };
 * }
 * }</pre>
 *
 * <p>A handler may block (sleep, ask, send to a full bounded mailbox, take a lock, use a JDK socket):
 * the loop notices that the dispatcher was suspended inside the handler, lets that coro finish the
 * handler for this actor alone, and carries on with the other actors on a fresh dispatcher. The
 * actor's own messages stay in order. Handlers that do not block keep the fast path.
 *
 * <p>A handler that throws ends the actor with that exception (monitors, links and supervisors are
 * told); returning {@link Behaviors#stopped()} ends it normally.
 */
@FunctionalInterface
public interface Behavior<M> {
    /**
     * Handles {@code message}.
     *
     * @return {@link Behaviors#same()} to keep this behaviour, {@link Behaviors#stopped()} to exit, or
     *     the behaviour for the next message
     */
    Behavior<M> receive(M message) throws Exception;
}
