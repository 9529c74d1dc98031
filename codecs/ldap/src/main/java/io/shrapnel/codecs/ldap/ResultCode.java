package io.shrapnel.codecs.ldap;

import java.util.Map;

/** The result codes of RFC 4511 (appendix A) that callers test for, and names for all of them. */
public final class ResultCode {
    public static final int SUCCESS = 0;
    public static final int OPERATIONS_ERROR = 1;
    public static final int PROTOCOL_ERROR = 2;
    public static final int TIME_LIMIT_EXCEEDED = 3;
    public static final int SIZE_LIMIT_EXCEEDED = 4;
    public static final int COMPARE_FALSE = 5;
    public static final int COMPARE_TRUE = 6;
    public static final int REFERRAL = 10;
    public static final int SASL_BIND_IN_PROGRESS = 14;
    public static final int NO_SUCH_ATTRIBUTE = 16;
    public static final int NO_SUCH_OBJECT = 32;
    public static final int INVALID_CREDENTIALS = 49;
    public static final int INSUFFICIENT_ACCESS_RIGHTS = 50;
    public static final int UNWILLING_TO_PERFORM = 53;
    public static final int NOT_ALLOWED_ON_NON_LEAF = 66;
    public static final int ENTRY_ALREADY_EXISTS = 68;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0, "success"), Map.entry(1, "operationsError"), Map.entry(2, "protocolError"),
            Map.entry(3, "timeLimitExceeded"), Map.entry(4, "sizeLimitExceeded"), Map.entry(5, "compareFalse"),
            Map.entry(6, "compareTrue"), Map.entry(7, "authMethodNotSupported"), Map.entry(8, "strongerAuthRequired"),
            Map.entry(10, "referral"), Map.entry(11, "adminLimitExceeded"),
            Map.entry(12, "unavailableCriticalExtension"), Map.entry(13, "confidentialityRequired"),
            Map.entry(14, "saslBindInProgress"), Map.entry(16, "noSuchAttribute"),
            Map.entry(17, "undefinedAttributeType"), Map.entry(18, "inappropriateMatching"),
            Map.entry(19, "constraintViolation"), Map.entry(20, "attributeOrValueExists"),
            Map.entry(21, "invalidAttributeSyntax"), Map.entry(32, "noSuchObject"), Map.entry(33, "aliasProblem"),
            Map.entry(34, "invalidDNSyntax"), Map.entry(36, "aliasDereferencingProblem"),
            Map.entry(48, "inappropriateAuthentication"), Map.entry(49, "invalidCredentials"),
            Map.entry(50, "insufficientAccessRights"), Map.entry(51, "busy"), Map.entry(52, "unavailable"),
            Map.entry(53, "unwillingToPerform"), Map.entry(54, "loopDetect"), Map.entry(64, "namingViolation"),
            Map.entry(65, "objectClassViolation"), Map.entry(66, "notAllowedOnNonLeaf"),
            Map.entry(67, "notAllowedOnRDN"), Map.entry(68, "entryAlreadyExists"),
            Map.entry(69, "objectClassModsProhibited"), Map.entry(71, "affectsMultipleDSAs"), Map.entry(80, "other"));

    private ResultCode() {}

    /** {@code "noSuchObject (32)"}. */
    public static String describe(int code) {
        return NAMES.getOrDefault(code, "result") + " (" + code + ")";
    }
}
