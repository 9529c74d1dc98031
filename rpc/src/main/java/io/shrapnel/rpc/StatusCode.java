package io.shrapnel.rpc;

/**
 * The outcome of a call, with the numbers and meanings users know from gRPC. A call that did not end
 * with {@link #OK} throws an {@link RpcException} carrying one of the others.
 */
public enum StatusCode {
    OK,
    /** The call was cancelled, usually by the caller. */
    CANCELLED,
    /** The server's handler failed with an exception that was not an {@link RpcException}. */
    UNKNOWN,
    INVALID_ARGUMENT,
    /** The deadline passed before the call ended. */
    DEADLINE_EXCEEDED,
    NOT_FOUND,
    ALREADY_EXISTS,
    PERMISSION_DENIED,
    /** A limit was hit: message size, metadata size, concurrent calls. */
    RESOURCE_EXHAUSTED,
    FAILED_PRECONDITION,
    ABORTED,
    OUT_OF_RANGE,
    /** The server does not offer the service or method. */
    UNIMPLEMENTED,
    /** Something the protocol does not allow: a payload that is not the declared message, say. */
    INTERNAL,
    /** The connection could not be made or was lost. */
    UNAVAILABLE,
    DATA_LOSS,
    UNAUTHENTICATED;

    private static final StatusCode[] BY_NUMBER = values();

    /** The code's number on the wire (gRPC's). */
    public int number() {
        return ordinal();
    }

    /** The code of {@code number}; numbers this version does not know become {@link #UNKNOWN}. */
    public static StatusCode of(int number) {
        return number >= 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : UNKNOWN;
    }
}
