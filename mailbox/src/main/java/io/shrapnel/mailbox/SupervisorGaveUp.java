package io.shrapnel.mailbox;

/**
 * A supervisor's children exited more often than its restart intensity allows: it stopped them and
 * exited with this, so that its own supervisor (or links, or monitors) can act.
 */
public final class SupervisorGaveUp extends RuntimeException {
    public SupervisorGaveUp(String message, Throwable lastReason) {
        super(message, lastReason);
    }
}
