package io.shrapnel.rpc;

import io.shrapnel.kernel.Coro;
import io.shrapnel.kernel.CoroLocal;
import java.time.Duration;

/**
 * What a server handler knows about the call it serves: its method, the client's metadata and
 * deadline. {@link #current()} works in the handler's coro (not in coros it spawns). Calls made from
 * that coro inherit the deadline (see {@link CallOptions#withoutDeadlinePropagation()}).
 *
 * @param method "package.Service/Method"
 * @param deadline the call's deadline on the loop's clock (nanoseconds), or {@link Long#MAX_VALUE}
 */
public record RpcContext(String method, Metadata metadata, long deadline) {
    static final CoroLocal<RpcContext> CURRENT = new CoroLocal<>();

    /** The context of the call the current coro serves, or null if it serves none. */
    public static RpcContext current() {
        return Coro.current() == null ? null : CURRENT.get();
    }

    public boolean hasDeadline() {
        return deadline != Long.MAX_VALUE;
    }

    /** Time left until the deadline (zero once passed), or null without a deadline. */
    public Duration timeRemaining() {
        if (!hasDeadline()) {
            return null;
        }
        long left = deadline - Coro.current().scheduler().clock().nanoTime();
        return Duration.ofNanos(Math.max(0, left));
    }
}
