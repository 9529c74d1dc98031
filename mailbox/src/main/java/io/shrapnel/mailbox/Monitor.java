package io.shrapnel.mailbox;

/** A watch set up by {@link ActorContext#monitor}. Any thread. */
public interface Monitor {
    /** The actor being watched. */
    ActorRef<?> target();

    /**
     * Stops watching. Returns false if the target had already exited (its Down message may have
     * been sent already).
     */
    boolean cancel();
}
