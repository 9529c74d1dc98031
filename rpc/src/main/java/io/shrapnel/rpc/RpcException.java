package io.shrapnel.rpc;

import java.io.IOException;
import java.util.Objects;

/**
 * A call that ended with a status other than {@link StatusCode#OK}. Thrown on the client by every
 * call method; thrown by a server handler, it ends the call with its code and message.
 */
public class RpcException extends IOException {
    private final StatusCode code;
    private final String description;
    private final Metadata trailers;

    public RpcException(StatusCode code, String description) {
        this(code, description, Metadata.EMPTY, null);
    }

    public RpcException(StatusCode code, String description, Throwable cause) {
        this(code, description, Metadata.EMPTY, cause);
    }

    /** A status with trailing metadata for the client (from a handler). */
    public RpcException(StatusCode code, String description, Metadata trailers, Throwable cause) {
        super(code + (description.isEmpty() ? "" : ": " + description), cause);
        if (code == StatusCode.OK) {
            throw new IllegalArgumentException("an RpcException needs a status other than OK");
        }
        this.code = code;
        this.description = Objects.requireNonNull(description, "description");
        this.trailers = Objects.requireNonNull(trailers, "trailers");
    }

    public StatusCode code() {
        return code;
    }

    /** The status message, without the code. */
    public String description() {
        return description;
    }

    /** Metadata the server sent with the status. */
    public Metadata trailers() {
        return trailers;
    }
}
