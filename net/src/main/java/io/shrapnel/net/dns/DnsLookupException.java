package io.shrapnel.net.dns;

import java.net.UnknownHostException;

/**
 * A name could not be resolved. {@link #reason()} says why; the message names the query and, when no
 * server gave an answer, what each server did ("127.0.0.1:53 REFUSED; 10.0.0.1:53 timed out after 2s").
 * An {@link UnknownHostException}, so code that connects by name catches one type.
 */
public final class DnsLookupException extends UnknownHostException {
    /** Why a lookup failed. */
    public enum Reason {
        /** NXDOMAIN: the name does not exist (after the search list). */
        NAME_NOT_FOUND,
        /** The name exists but has no record of the asked type(s). */
        NO_DATA,
        /** Every server refused the query (REFUSED, NOTIMP): it is not theirs to answer. */
        REFUSED,
        /** Servers failed (SERVFAIL) or sent answers that could not be used (malformed, a CNAME loop). */
        SERVER_FAILURE,
        /** No server answered in time, in every attempt. */
        TIMEOUT,
        /** The resolver is closed. */
        CLOSED
    }

    private final Reason reason;

    public DnsLookupException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** The same failure as a fresh exception, so each coro that waited for one lookup gets its own trace. */
    DnsLookupException copy() {
        DnsLookupException e = new DnsLookupException(reason, getMessage());
        e.initCause(getCause());
        return e;
    }
}
