package io.shrapnel.kernel;

/** The process signals a program may handle with {@link Signals#handle}; named as {@code kill} names them. */
public enum OsSignal {
    /** Hang-up: by convention, "reload your configuration". */
    HUP,
    /** Interrupt from the terminal (Ctrl-C). */
    INT,
    /** Polite termination request (the default of {@code kill}). */
    TERM,
    /** User-defined. */
    USR1,
    /** User-defined. */
    USR2
}
