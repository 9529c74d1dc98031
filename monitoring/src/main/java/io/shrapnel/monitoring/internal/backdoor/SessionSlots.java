package io.shrapnel.monitoring.internal.backdoor;

/** Where a session asks for a REPL once its client proved who it is (the backdoor's session limit). */
public interface SessionSlots {
    /** Null if {@code s} may start its REPL now, else why not (sent to the client). On the backdoor's loop. */
    String claim(Session s);
}
