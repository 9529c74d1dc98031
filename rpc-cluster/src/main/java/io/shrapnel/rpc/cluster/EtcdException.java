package io.shrapnel.rpc.cluster;

import java.io.IOException;

/**
 * etcd refused a request ({@link #code()} is the gRPC status code etcd gave, e.g. 5 NOT_FOUND for a
 * lease that expired), or none of its endpoints could be reached ({@link #code()} is 14,
 * UNAVAILABLE, and the message names every endpoint with its error).
 */
public class EtcdException extends IOException {
    /** gRPC's UNAVAILABLE: no endpoint answered. */
    public static final int UNAVAILABLE = 14;
    /** etcd's gRPC code for something that does not exist (a lease that ran out or was revoked). */
    public static final int NOT_FOUND = 5;
    private final int code;

    public EtcdException(int code, String message) {
        super(message);
        this.code = code;
    }

    public EtcdException(int code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The gRPC status code (14 when no endpoint was reachable). */
    public int code() {
        return code;
    }
}
