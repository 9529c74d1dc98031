package io.shrapnel.mailbox;

import io.shrapnel.kernel.Shutdown;

/**
 * A monitored actor has exited (see {@link ActorContext#monitor}). The watcher receives it as a
 * message, usually wrapped by the adapter it gave to {@code monitor}.
 *
 * @param actor the actor that exited
 * @param reason why: null if it returned normally, else the exception that ended it
 *     ({@link Shutdown} if it was stopped, {@link ActorExit} if a linked actor took it down)
 */
public record Down(ActorRef<?> actor, Throwable reason) {
    /** True if the actor returned normally. */
    public boolean isNormal() {
        return reason == null;
    }

    @Override
    public String toString() {
        return "Down[" + actor + (reason == null ? " normal" : " " + reason) + "]";
    }
}
