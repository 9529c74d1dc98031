package io.shrapnel.mailbox;

/**
 * The body of a coro actor: straight-line code that receives from its inbox. When it returns, the
 * actor has exited normally; when it throws, the actor exited with that exception.
 */
@FunctionalInterface
public interface CoroActor<M> {
    void run(Inbox<M> inbox) throws Exception;
}
