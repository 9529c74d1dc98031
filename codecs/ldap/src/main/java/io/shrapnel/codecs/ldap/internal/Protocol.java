package io.shrapnel.codecs.ldap.internal;

import io.shrapnel.codecs.asn1.Tag;

/**
 * The protocol operations' tags (RFC 4511 appendix B) and the OIDs this client uses.
 *
 * <p>Threading: constants.
 */
public final class Protocol {
    public static final Tag BIND_REQUEST = Tag.application(0, true);
    public static final Tag BIND_RESPONSE = Tag.application(1, true);
    public static final Tag UNBIND_REQUEST = Tag.application(2, false);
    public static final Tag SEARCH_REQUEST = Tag.application(3, true);
    public static final Tag SEARCH_ENTRY = Tag.application(4, true);
    public static final Tag SEARCH_DONE = Tag.application(5, true);
    public static final Tag MODIFY_REQUEST = Tag.application(6, true);
    public static final Tag ADD_REQUEST = Tag.application(8, true);
    public static final Tag DELETE_REQUEST = Tag.application(10, false);
    public static final Tag MODIFY_DN_REQUEST = Tag.application(12, true);
    public static final Tag COMPARE_REQUEST = Tag.application(14, true);
    public static final Tag ABANDON_REQUEST = Tag.application(16, false);
    public static final Tag SEARCH_REFERENCE = Tag.application(19, true);
    public static final Tag EXTENDED_REQUEST = Tag.application(23, true);
    public static final Tag EXTENDED_RESPONSE = Tag.application(24, true);
    public static final Tag INTERMEDIATE_RESPONSE = Tag.application(25, true);

    public static final Tag CONTROLS = Tag.contextConstructed(0);
    public static final Tag REFERRAL = Tag.contextConstructed(3);
    public static final Tag SASL_CREDENTIALS = Tag.context(7);
    public static final Tag EXTENDED_RESPONSE_NAME = Tag.context(10);
    public static final Tag EXTENDED_RESPONSE_VALUE = Tag.context(11);

    public static final String START_TLS = "1.3.6.1.4.1.1466.20037";
    public static final String NOTICE_OF_DISCONNECTION = "1.3.6.1.4.1.1466.20036";
    public static final String WHO_AM_I = "1.3.6.1.4.1.4203.1.11.3";
    public static final String PASSWORD_MODIFY = "1.3.6.1.4.1.4203.1.11.1";

    private Protocol() {}

    /** True if a response with this tag ends its operation (every response but entries, references, intermediates). */
    public static boolean isFinal(Tag op) {
        return !op.equals(SEARCH_ENTRY) && !op.equals(SEARCH_REFERENCE) && !op.equals(INTERMEDIATE_RESPONSE);
    }
}
