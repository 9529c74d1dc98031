package io.shrapnel.codecs.ldap;

import java.io.IOException;

/**
 * An operation the server refused or failed (its {@link LdapResult}), or a connection that broke
 * (then {@link #result()} is null and the cause says why).
 */
public final class LdapException extends IOException {
    private final transient LdapResult result;

    public LdapException(String operation, LdapResult result) {
        super(operation + " failed: " + result);
        this.result = result;
    }

    public LdapException(String message, Throwable cause) {
        super(message, cause);
        this.result = null;
    }

    /** What the server answered, or null if there was no answer. */
    public LdapResult result() {
        return result;
    }

    /** The result code, or -1 if there was no answer. */
    public int code() {
        return result == null ? -1 : result.code();
    }
}
