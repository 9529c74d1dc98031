package io.shrapnel.rpc;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-call settings of a client: a timeout, metadata, and whether the deadline of the server call
 * this client runs in (if any) carries over. Immutable; each {@code with}/{@code without} returns a
 * copy.
 *
 * <p>Deadline propagation: a call made from the coro of a server call inherits that call's deadline
 * (the earlier of the two wins), so a chain of calls across nodes gives up together.
 * {@link #withoutDeadlinePropagation()} turns that off for calls that must outlive the caller's
 * deadline (a write-behind, say).
 *
 * @param timeout the time the call may take, or null for none
 */
public record CallOptions(Duration timeout, Metadata metadata, boolean propagateDeadline) {
    /** No timeout, no metadata, deadlines propagate. */
    public static final CallOptions DEFAULT = new CallOptions(null, Metadata.EMPTY, true);

    public CallOptions {
        Objects.requireNonNull(metadata, "metadata");
        if (timeout != null && timeout.isNegative()) {
            timeout = Duration.ZERO;
        }
    }

    public CallOptions withTimeout(Duration timeout) {
        return new CallOptions(Objects.requireNonNull(timeout, "timeout"), metadata, propagateDeadline);
    }

    public CallOptions withMetadata(Metadata metadata) {
        return new CallOptions(timeout, metadata, propagateDeadline);
    }

    /** Calls ignore the deadline of the server call they are made from. */
    public CallOptions withoutDeadlinePropagation() {
        return new CallOptions(timeout, metadata, false);
    }
}
