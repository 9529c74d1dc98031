package io.shrapnel.codecs.ldap;

import io.shrapnel.codecs.asn1.Tag;

/**
 * The protocol operations' tags (RFC 4511 appendix B) and the OIDs this client uses.
 *
 * <p>Threading: constants.
 */
final class Protocol {
    static final Tag BIND_REQUEST = Tag.application(0, true);
    static final Tag BIND_RESPONSE = Tag.application(1, true);
    static final Tag UNBIND_REQUEST = Tag.application(2, false);
    static final Tag SEARCH_REQUEST = Tag.application(3, true);
    static final Tag SEARCH_ENTRY = Tag.application(4, true);
    static final Tag SEARCH_DONE = Tag.application(5, true);
    static final Tag MODIFY_REQUEST = Tag.application(6, true);
    static final Tag ADD_REQUEST = Tag.application(8, true);
    static final Tag DELETE_REQUEST = Tag.application(10, false);
    static final Tag MODIFY_DN_REQUEST = Tag.application(12, true);
    static final Tag COMPARE_REQUEST = Tag.application(14, true);
    static final Tag ABANDON_REQUEST = Tag.application(16, false);
    static final Tag SEARCH_REFERENCE = Tag.application(19, true);
    static final Tag EXTENDED_REQUEST = Tag.application(23, true);
    static final Tag EXTENDED_RESPONSE = Tag.application(24, true);
    static final Tag INTERMEDIATE_RESPONSE = Tag.application(25, true);

    static final Tag CONTROLS = Tag.contextConstructed(0);
    static final Tag REFERRAL = Tag.contextConstructed(3);
    static final Tag SASL_CREDENTIALS = Tag.context(7);
    static final Tag EXTENDED_RESPONSE_NAME = Tag.context(10);
    static final Tag EXTENDED_RESPONSE_VALUE = Tag.context(11);

    static final String START_TLS = "1.3.6.1.4.1.1466.20037";
    static final String NOTICE_OF_DISCONNECTION = "1.3.6.1.4.1.1466.20036";
    static final String WHO_AM_I = "1.3.6.1.4.1.4203.1.11.3";
    static final String PASSWORD_MODIFY = "1.3.6.1.4.1.4203.1.11.1";

    private Protocol() {}

    /** True if a response with this tag ends its operation (every response but entries, references, intermediates). */
    static boolean isFinal(Tag op) {
        return !op.equals(SEARCH_ENTRY) && !op.equals(SEARCH_REFERENCE) && !op.equals(INTERMEDIATE_RESPONSE);
    }
}
